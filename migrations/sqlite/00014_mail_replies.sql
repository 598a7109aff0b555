-- +goose Up
-- Art 6(3): a reply to an application's mail confirms it. The mail's
-- Message-ID is kept with the application; a late reply is answered once.
ALTER TABLE reservations ADD COLUMN reply_message_id TEXT NULL;
ALTER TABLE reservations ADD COLUMN late_reply_at DATETIME NULL;
CREATE UNIQUE INDEX reservations_reply_message_id ON reservations (reply_message_id);

-- A mailbox read for replies: the lease that lets one instance at a time
-- poll it, and what the last poll left for staff.
CREATE TABLE mail_inboxes (
    name        TEXT     NOT NULL PRIMARY KEY,
    lease_owner TEXT     NULL,
    lease_until DATETIME NULL,
    polled_at   DATETIME NULL,
    unmatched   INTEGER  NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE mail_inboxes;
DROP INDEX reservations_reply_message_id;
ALTER TABLE reservations DROP COLUMN late_reply_at;
ALTER TABLE reservations DROP COLUMN reply_message_id;
