-- +goose Up
-- Art 6(6), 12(1): every lifted suspension, with the staff member's note.
CREATE TABLE reinstatements (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_seeker_id  BIGINT       NOT NULL,
    note_sealed    TEXT         NULL,
    reinstated_by  BIGINT       NOT NULL,
    reinstated_at  DATETIME(6)  NOT NULL,
    KEY reinstatements_job_seeker (job_seeker_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE reinstatements;
