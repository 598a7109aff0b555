-- +goose Up
-- Art 6(6), 12(1): every lifted suspension, with the staff member's note.
CREATE TABLE reinstatements (
    id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    job_seeker_id  BIGINT   NOT NULL,
    note_sealed    TEXT     NULL,
    reinstated_by  BIGINT   NOT NULL,
    reinstated_at  DATETIME NOT NULL
);
CREATE INDEX reinstatements_job_seeker ON reinstatements (job_seeker_id, id);

-- +goose Down
DROP TABLE reinstatements;
