-- +goose Up
-- A deactivated staff account can no longer sign in; its sessions end at once.
ALTER TABLE accounts ADD COLUMN deactivated_at DATETIME(6) NULL;

-- +goose Down
ALTER TABLE accounts DROP COLUMN deactivated_at;
