-- +goose Up
-- The queue outbox: one row per reservation change, written in the
-- transaction of the change. seq orders them; subscribers resume after it.
CREATE TABLE events (
    seq            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    office_id      BIGINT      NOT NULL,
    session_date   DATE        NOT NULL,
    type           VARCHAR(20) NOT NULL,
    reservation_id BIGINT      NOT NULL,
    job_seeker_id  BIGINT      NOT NULL,
    actor_id       BIGINT      NULL,
    at             DATETIME(6) NOT NULL,
    KEY events_office_date (office_id, session_date, seq),
    KEY events_job_seeker (job_seeker_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE reservations ADD COLUMN completion_note_sealed TEXT NULL;
ALTER TABLE reservations ADD COLUMN end_reason_sealed TEXT NULL;

-- +goose Down
ALTER TABLE reservations DROP COLUMN end_reason_sealed;
ALTER TABLE reservations DROP COLUMN completion_note_sealed;
DROP TABLE events;
