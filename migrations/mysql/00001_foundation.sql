-- +goose Up
CREATE TABLE offices (
    id                     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code                   VARCHAR(16)  NOT NULL,
    name                   VARCHAR(200) NOT NULL,
    time_zone              VARCHAR(64)  NOT NULL,
    session_minutes        INT          NOT NULL,
    opens_at               CHAR(5)      NOT NULL,
    closes_at              CHAR(5)      NOT NULL,
    capacity               INT          NOT NULL,
    notice_office_days     INT          NOT NULL,
    confirm_cutoff_minutes INT          NOT NULL,
    horizon_days           INT          NOT NULL,
    no_show_grace_minutes  INT          NOT NULL,
    contact_phone          VARCHAR(32)  NOT NULL,
    contact_hours          VARCHAR(100) NOT NULL,
    created_at             DATETIME(6)  NOT NULL,
    updated_at             DATETIME(6)  NOT NULL,
    UNIQUE KEY offices_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE calendar_overrides (
    office_id  BIGINT       NOT NULL,
    date       DATE         NOT NULL,
    open       BOOLEAN      NOT NULL,
    reason     VARCHAR(200) NOT NULL,
    created_by BIGINT       NULL,
    created_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (office_id, date),
    CONSTRAINT calendar_overrides_office FOREIGN KEY (office_id) REFERENCES offices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE imported_holidays (
    date        DATE         NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    imported_at DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE terms_versions (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    office_id      BIGINT       NOT NULL,
    title          VARCHAR(200) NOT NULL,
    effective_from DATE         NOT NULL,
    published_at   DATETIME(6)  NOT NULL,
    body           MEDIUMTEXT   NOT NULL,
    body_available BOOLEAN      NOT NULL,
    UNIQUE KEY terms_versions_office_effective (office_id, effective_from),
    CONSTRAINT terms_versions_office FOREIGN KEY (office_id) REFERENCES offices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE terms_versions;
DROP TABLE imported_holidays;
DROP TABLE calendar_overrides;
DROP TABLE offices;
