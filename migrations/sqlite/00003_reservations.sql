-- +goose Up
CREATE TABLE booths (
    office_id       INTEGER  NOT NULL REFERENCES offices (id),
    seat            INTEGER  NOT NULL,
    meeting_id      TEXT     NOT NULL,
    passcode_sealed TEXT     NOT NULL,
    join_url        TEXT     NOT NULL,
    updated_at      DATETIME NOT NULL,
    updated_by      INTEGER  NULL,
    PRIMARY KEY (office_id, seat)
);

CREATE TABLE reservations (
    id                     INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    office_id              INTEGER  NOT NULL REFERENCES offices (id),
    job_seeker_id          INTEGER  NOT NULL REFERENCES accounts (id),
    status                 TEXT     NOT NULL,
    channel                TEXT     NOT NULL,
    starts_at              DATETIME NOT NULL,
    ends_at                DATETIME NOT NULL,
    session_date           TEXT     NOT NULL,
    seat                   INTEGER  NOT NULL,
    name                   TEXT     NOT NULL,
    phone_sealed           TEXT     NOT NULL,
    consultation_sealed    TEXT     NOT NULL,
    companion_kind         TEXT     NOT NULL,
    companion_note_sealed  TEXT     NULL,
    terms_version_id       INTEGER  NOT NULL REFERENCES terms_versions (id),
    self_booked            BOOLEAN  NOT NULL,
    active_self_booking    INTEGER  NULL,
    override_notice_reason TEXT     NULL,
    confirm_by             DATETIME NOT NULL,
    meeting_provider       TEXT     NULL,
    meeting_id             TEXT     NULL,
    meeting_passcode_sealed TEXT    NULL,
    meeting_join_url       TEXT     NULL,
    counselor_id           INTEGER  NULL,
    confirmed_at           DATETIME NULL,
    checked_in_at          DATETIME NULL,
    started_at             DATETIME NULL,
    ended_at               DATETIME NULL,
    cancelled_at           DATETIME NULL,
    cancel_channel         TEXT     NULL,
    cancel_reason_sealed   TEXT     NULL,
    created_by             INTEGER  NOT NULL,
    updated_by             INTEGER  NOT NULL,
    version                INTEGER  NOT NULL,
    created_at             DATETIME NOT NULL,
    updated_at             DATETIME NOT NULL
);
CREATE UNIQUE INDEX reservations_active_self_booking ON reservations (active_self_booking);
CREATE INDEX reservations_office_date ON reservations (office_id, session_date, starts_at);
CREATE INDEX reservations_job_seeker ON reservations (job_seeker_id, starts_at);
CREATE INDEX reservations_terms ON reservations (terms_version_id);

-- One row per seat taken: the primary key makes over-booking impossible.
CREATE TABLE slot_seats (
    office_id      INTEGER  NOT NULL,
    starts_at      DATETIME NOT NULL,
    seat           INTEGER  NOT NULL,
    reservation_id INTEGER  NOT NULL REFERENCES reservations (id),
    PRIMARY KEY (office_id, starts_at, seat)
);
CREATE UNIQUE INDEX slot_seats_reservation ON slot_seats (reservation_id);

CREATE TABLE idempotency_keys (
    account_id     INTEGER  NOT NULL,
    idem_key       TEXT     NOT NULL,
    operation      TEXT     NOT NULL,
    request_hash   TEXT     NOT NULL,
    reservation_id INTEGER  NOT NULL,
    created_at     DATETIME NOT NULL,
    PRIMARY KEY (account_id, idem_key)
);

CREATE TABLE terms_consents (
    id               INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    account_id       INTEGER  NOT NULL,
    terms_version_id INTEGER  NOT NULL REFERENCES terms_versions (id),
    reservation_id   INTEGER  NULL,
    channel          TEXT     NOT NULL,
    agreed_at        DATETIME NOT NULL
);
CREATE INDEX terms_consents_account ON terms_consents (account_id, agreed_at);
CREATE INDEX terms_consents_terms ON terms_consents (terms_version_id);

-- +goose Down
DROP TABLE terms_consents;
DROP TABLE idempotency_keys;
DROP TABLE slot_seats;
DROP TABLE reservations;
DROP TABLE booths;
