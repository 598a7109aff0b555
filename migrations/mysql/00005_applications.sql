-- +goose Up
ALTER TABLE reservations ADD COLUMN confirm_token_hash CHAR(64) NULL;
CREATE UNIQUE INDEX reservations_confirm_token ON reservations (confirm_token_hash);

-- +goose Down
DROP INDEX reservations_confirm_token ON reservations;
ALTER TABLE reservations DROP COLUMN confirm_token_hash;
