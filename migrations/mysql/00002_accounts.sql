-- +goose Up
CREATE TABLE accounts (
    id                BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    office_id         BIGINT       NOT NULL,
    email             VARCHAR(254) NOT NULL,
    role              VARCHAR(16)  NOT NULL,
    name              VARCHAR(400) NOT NULL,
    password_hash     VARCHAR(255) NOT NULL,
    email_verified_at DATETIME(6)  NULL,
    created_at        DATETIME(6)  NOT NULL,
    updated_at        DATETIME(6)  NOT NULL,
    UNIQUE KEY accounts_email (email),
    KEY accounts_office_role (office_id, role),
    CONSTRAINT accounts_office FOREIGN KEY (office_id) REFERENCES offices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE job_seekers (
    account_id                BIGINT       NOT NULL PRIMARY KEY,
    job_seeker_number         VARCHAR(14)  NOT NULL,
    phone_sealed              VARCHAR(255) NOT NULL,
    registration_verified_at  DATETIME(6)  NULL,
    registration_verified_by  BIGINT       NULL,
    suspended_at              DATETIME(6)  NULL,
    suspended_until           DATE         NULL,
    suspension_reason_sealed  TEXT         NULL,
    suspended_by              BIGINT       NULL,
    no_show_count             INT          NOT NULL DEFAULT 0,
    flagged_for_review        BOOLEAN      NOT NULL DEFAULT FALSE,
    UNIQUE KEY job_seekers_number (job_seeker_number),
    CONSTRAINT job_seekers_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE registrations (
    office_id         BIGINT       NOT NULL,
    job_seeker_number VARCHAR(14)  NOT NULL,
    name              VARCHAR(400) NOT NULL,
    imported_at       DATETIME(6)  NOT NULL,
    imported_by       BIGINT       NULL,
    PRIMARY KEY (office_id, job_seeker_number),
    CONSTRAINT registrations_office FOREIGN KEY (office_id) REFERENCES offices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE auth_tokens (
    token_hash  CHAR(64)    NOT NULL PRIMARY KEY,
    purpose     VARCHAR(16) NOT NULL,
    account_id  BIGINT      NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    expires_at  DATETIME(6) NOT NULL,
    used_at     DATETIME(6) NULL,
    revoked_at  DATETIME(6) NULL,
    KEY auth_tokens_account (account_id, purpose),
    CONSTRAINT auth_tokens_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sign_in_failures (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email      VARCHAR(254) NOT NULL,
    ip         VARCHAR(45)  NOT NULL,
    failed_at  DATETIME(6)  NOT NULL,
    KEY sign_in_failures_email (email, failed_at),
    KEY sign_in_failures_ip (ip, failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE mail_outbox (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id      VARCHAR(255) NOT NULL,
    account_id      BIGINT       NULL,
    recipient       VARCHAR(254) NOT NULL,
    subject         VARCHAR(500) NOT NULL,
    body_sealed     MEDIUMTEXT   NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)  NOT NULL,
    claimed_by      VARCHAR(100) NULL,
    claimed_until   DATETIME(6)  NULL,
    sent_at         DATETIME(6)  NULL,
    failed_at       DATETIME(6)  NULL,
    last_error      VARCHAR(500) NULL,
    created_at      DATETIME(6)  NOT NULL,
    UNIQUE KEY mail_outbox_message_id (message_id),
    KEY mail_outbox_due (sent_at, failed_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE sign_in_failures;
DROP TABLE auth_tokens;
DROP TABLE registrations;
DROP TABLE job_seekers;
DROP TABLE accounts;
