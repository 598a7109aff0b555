-- +goose Up
-- Art 6(6): a reverted no-show is never swept again, and a job seeker
-- waiting past the grace time is raised to staff once, not marked.
ALTER TABLE reservations ADD COLUMN no_show_reverted_at DATETIME NULL;
ALTER TABLE reservations ADD COLUMN waiting_alerted_at DATETIME NULL;

-- +goose Down
ALTER TABLE reservations DROP COLUMN waiting_alerted_at;
ALTER TABLE reservations DROP COLUMN no_show_reverted_at;
