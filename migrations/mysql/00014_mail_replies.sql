-- +goose Up
-- Art 6(3): a reply to an application's mail confirms it. The mail's
-- Message-ID is kept with the application; a late reply is answered once.
ALTER TABLE reservations ADD COLUMN reply_message_id VARCHAR(255) NULL;
ALTER TABLE reservations ADD COLUMN late_reply_at DATETIME(6) NULL;
CREATE UNIQUE INDEX reservations_reply_message_id ON reservations (reply_message_id);

-- A mailbox read for replies: the lease that lets one instance at a time
-- poll it, and what the last poll left for staff.
CREATE TABLE mail_inboxes (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    lease_owner VARCHAR(255) NULL,
    lease_until DATETIME(6)  NULL,
    polled_at   DATETIME(6)  NULL,
    unmatched   INT          NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE mail_inboxes;
DROP INDEX reservations_reply_message_id ON reservations;
ALTER TABLE reservations DROP COLUMN late_reply_at;
ALTER TABLE reservations DROP COLUMN reply_message_id;
