-- +goose Up
-- The queue outbox: one row per reservation change, written in the
-- transaction of the change. seq orders them; subscribers resume after it.
CREATE TABLE events (
    seq            INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    office_id      INTEGER  NOT NULL,
    session_date   TEXT     NOT NULL,
    type           TEXT     NOT NULL,
    reservation_id INTEGER  NOT NULL,
    job_seeker_id  INTEGER  NOT NULL,
    actor_id       INTEGER  NULL,
    at             DATETIME NOT NULL
);
CREATE INDEX events_office_date ON events (office_id, session_date, seq);
CREATE INDEX events_job_seeker ON events (job_seeker_id, seq);

ALTER TABLE reservations ADD COLUMN completion_note_sealed TEXT NULL;
ALTER TABLE reservations ADD COLUMN end_reason_sealed TEXT NULL;

-- +goose Down
ALTER TABLE reservations DROP COLUMN end_reason_sealed;
ALTER TABLE reservations DROP COLUMN completion_note_sealed;
DROP TABLE events;
