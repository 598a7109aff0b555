-- +goose Up
-- My Page: every mail a job seeker receives, without its secret links.
CREATE TABLE notifications (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id  BIGINT       NOT NULL,
    title       VARCHAR(500) NOT NULL,
    body_sealed MEDIUMTEXT   NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    read_at     DATETIME(6)  NULL,
    KEY notifications_account (account_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE reservations ADD COLUMN reminder_sent_at DATETIME(6) NULL;

-- +goose Down
ALTER TABLE reservations DROP COLUMN reminder_sent_at;
DROP TABLE notifications;
