-- +goose Up
-- Art 7: usage records; Art 8: who read whose personal data.
CREATE TABLE access_log (
    id         INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    at         DATETIME NOT NULL,
    account_id INTEGER  NULL,
    role       TEXT     NOT NULL,
    operation  TEXT     NOT NULL,
    outcome    TEXT     NOT NULL,
    ip         TEXT     NOT NULL,
    user_agent TEXT     NOT NULL,
    device     TEXT     NULL
);
CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_account ON access_log (account_id, at);

CREATE TABLE audit_log (
    id            INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    at            DATETIME NOT NULL,
    staff_id      INTEGER  NOT NULL,
    job_seeker_id INTEGER  NOT NULL,
    operation     TEXT     NOT NULL
);
CREATE INDEX audit_log_job_seeker ON audit_log (job_seeker_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE access_log;
