-- +goose Up
CREATE TABLE booths (
    office_id       BIGINT       NOT NULL,
    seat            INT          NOT NULL,
    meeting_id      VARCHAR(20)  NOT NULL,
    passcode_sealed VARCHAR(255) NOT NULL,
    join_url        VARCHAR(500) NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    updated_by      BIGINT       NULL,
    PRIMARY KEY (office_id, seat),
    CONSTRAINT booths_office FOREIGN KEY (office_id) REFERENCES offices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE reservations (
    id                     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    office_id              BIGINT       NOT NULL,
    job_seeker_id          BIGINT       NOT NULL,
    status                 VARCHAR(16)  NOT NULL,
    channel                VARCHAR(16)  NOT NULL,
    starts_at              DATETIME(6)  NOT NULL,
    ends_at                DATETIME(6)  NOT NULL,
    session_date           DATE         NOT NULL,
    seat                   INT          NOT NULL,
    name                   VARCHAR(400) NOT NULL,
    phone_sealed           VARCHAR(255) NOT NULL,
    consultation_sealed    TEXT         NOT NULL,
    companion_kind         VARCHAR(16)  NOT NULL,
    companion_note_sealed  TEXT         NULL,
    terms_version_id       BIGINT       NOT NULL,
    self_booked            BOOLEAN      NOT NULL,
    active_self_booking    BIGINT       NULL,
    override_notice_reason VARCHAR(1000) NULL,
    confirm_by             DATETIME(6)  NOT NULL,
    meeting_provider       VARCHAR(16)  NULL,
    meeting_id             VARCHAR(32)  NULL,
    meeting_passcode_sealed VARCHAR(255) NULL,
    meeting_join_url       VARCHAR(500) NULL,
    counselor_id           BIGINT       NULL,
    confirmed_at           DATETIME(6)  NULL,
    checked_in_at          DATETIME(6)  NULL,
    started_at             DATETIME(6)  NULL,
    ended_at               DATETIME(6)  NULL,
    cancelled_at           DATETIME(6)  NULL,
    cancel_channel         VARCHAR(16)  NULL,
    cancel_reason_sealed   TEXT         NULL,
    created_by             BIGINT       NOT NULL,
    updated_by             BIGINT       NOT NULL,
    version                INT          NOT NULL,
    created_at             DATETIME(6)  NOT NULL,
    updated_at             DATETIME(6)  NOT NULL,
    UNIQUE KEY reservations_active_self_booking (active_self_booking),
    KEY reservations_office_date (office_id, session_date, starts_at),
    KEY reservations_job_seeker (job_seeker_id, starts_at),
    KEY reservations_terms (terms_version_id),
    CONSTRAINT reservations_office FOREIGN KEY (office_id) REFERENCES offices (id),
    CONSTRAINT reservations_job_seeker FOREIGN KEY (job_seeker_id) REFERENCES accounts (id),
    CONSTRAINT reservations_terms FOREIGN KEY (terms_version_id) REFERENCES terms_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per seat taken: the primary key makes over-booking impossible.
CREATE TABLE slot_seats (
    office_id      BIGINT      NOT NULL,
    starts_at      DATETIME(6) NOT NULL,
    seat           INT         NOT NULL,
    reservation_id BIGINT      NOT NULL,
    PRIMARY KEY (office_id, starts_at, seat),
    UNIQUE KEY slot_seats_reservation (reservation_id),
    CONSTRAINT slot_seats_reservation FOREIGN KEY (reservation_id) REFERENCES reservations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE idempotency_keys (
    account_id     BIGINT      NOT NULL,
    idem_key       VARCHAR(100) NOT NULL,
    operation      VARCHAR(40) NOT NULL,
    request_hash   CHAR(64)    NOT NULL,
    reservation_id BIGINT      NOT NULL,
    created_at     DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE terms_consents (
    id               BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id       BIGINT      NOT NULL,
    terms_version_id BIGINT      NOT NULL,
    reservation_id   BIGINT      NULL,
    channel          VARCHAR(16) NOT NULL,
    agreed_at        DATETIME(6) NOT NULL,
    KEY terms_consents_account (account_id, agreed_at),
    KEY terms_consents_terms (terms_version_id),
    CONSTRAINT terms_consents_terms FOREIGN KEY (terms_version_id) REFERENCES terms_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE terms_consents;
DROP TABLE idempotency_keys;
DROP TABLE slot_seats;
DROP TABLE reservations;
DROP TABLE booths;
