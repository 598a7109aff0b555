-- +goose Up
-- My Page: every mail a job seeker receives, without its secret links.
CREATE TABLE notifications (
    id          INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER  NOT NULL,
    title       TEXT     NOT NULL,
    body_sealed TEXT     NOT NULL,
    created_at  DATETIME NOT NULL,
    read_at     DATETIME NULL
);
CREATE INDEX notifications_account ON notifications (account_id, id);

ALTER TABLE reservations ADD COLUMN reminder_sent_at DATETIME NULL;

-- +goose Down
ALTER TABLE reservations DROP COLUMN reminder_sent_at;
DROP TABLE notifications;
