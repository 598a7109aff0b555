-- +goose Up
CREATE TABLE accounts (
    id                INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    office_id         INTEGER  NOT NULL REFERENCES offices (id),
    email             TEXT     NOT NULL,
    role              TEXT     NOT NULL,
    name              TEXT     NOT NULL,
    password_hash     TEXT     NOT NULL,
    email_verified_at DATETIME NULL,
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX accounts_email ON accounts (email);
CREATE INDEX accounts_office_role ON accounts (office_id, role);

CREATE TABLE job_seekers (
    account_id                INTEGER  NOT NULL PRIMARY KEY REFERENCES accounts (id),
    job_seeker_number         TEXT     NOT NULL,
    phone_sealed              TEXT     NOT NULL,
    registration_verified_at  DATETIME NULL,
    registration_verified_by  INTEGER  NULL,
    suspended_at              DATETIME NULL,
    suspended_until           TEXT     NULL,
    suspension_reason_sealed  TEXT     NULL,
    suspended_by              INTEGER  NULL,
    no_show_count             INTEGER  NOT NULL DEFAULT 0,
    flagged_for_review        BOOLEAN  NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX job_seekers_number ON job_seekers (job_seeker_number);

CREATE TABLE registrations (
    office_id         INTEGER  NOT NULL REFERENCES offices (id),
    job_seeker_number TEXT     NOT NULL,
    name              TEXT     NOT NULL,
    imported_at       DATETIME NOT NULL,
    imported_by       INTEGER  NULL,
    PRIMARY KEY (office_id, job_seeker_number)
);

CREATE TABLE auth_tokens (
    token_hash  TEXT     NOT NULL PRIMARY KEY,
    purpose     TEXT     NOT NULL,
    account_id  INTEGER  NOT NULL REFERENCES accounts (id),
    created_at  DATETIME NOT NULL,
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME NULL,
    revoked_at  DATETIME NULL
);
CREATE INDEX auth_tokens_account ON auth_tokens (account_id, purpose);

CREATE TABLE sign_in_failures (
    id         INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    email      TEXT     NOT NULL,
    ip         TEXT     NOT NULL,
    failed_at  DATETIME NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, failed_at);
CREATE INDEX sign_in_failures_ip ON sign_in_failures (ip, failed_at);

CREATE TABLE mail_outbox (
    id              INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT     NOT NULL,
    account_id      INTEGER  NULL,
    recipient       TEXT     NOT NULL,
    subject         TEXT     NOT NULL,
    body_sealed     TEXT     NOT NULL,
    attempts        INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    claimed_by      TEXT     NULL,
    claimed_until   DATETIME NULL,
    sent_at         DATETIME NULL,
    failed_at       DATETIME NULL,
    last_error      TEXT     NULL,
    created_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX mail_outbox_message_id ON mail_outbox (message_id);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt_at);

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE sign_in_failures;
DROP TABLE auth_tokens;
DROP TABLE registrations;
DROP TABLE job_seekers;
DROP TABLE accounts;
