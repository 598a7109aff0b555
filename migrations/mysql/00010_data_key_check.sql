-- +goose Up
-- A known value sealed under the data key: an instance whose keys cannot
-- open it refuses to start instead of failing on every personal field.
CREATE TABLE data_key_checks (
    id           INT          NOT NULL PRIMARY KEY,
    check_sealed VARCHAR(255) NOT NULL,
    created_at   DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE data_key_checks;
