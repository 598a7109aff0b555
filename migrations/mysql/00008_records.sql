-- +goose Up
-- Art 7: usage records; Art 8: who read whose personal data.
CREATE TABLE access_log (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at         DATETIME(6)  NOT NULL,
    account_id BIGINT       NULL,
    role       VARCHAR(16)  NOT NULL,
    operation  VARCHAR(200) NOT NULL,
    outcome    VARCHAR(32)  NOT NULL,
    ip         VARCHAR(45)  NOT NULL,
    user_agent VARCHAR(300) NOT NULL,
    device     VARCHAR(64)  NULL,
    KEY access_log_at (at),
    KEY access_log_account (account_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_log (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at            DATETIME(6)  NOT NULL,
    staff_id      BIGINT       NOT NULL,
    job_seeker_id BIGINT       NOT NULL,
    operation     VARCHAR(200) NOT NULL,
    KEY audit_log_job_seeker (job_seeker_id, at),
    KEY audit_log_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE audit_log;
DROP TABLE access_log;
