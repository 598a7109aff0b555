-- +goose Up
CREATE TABLE offices (
    id                     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    code                   TEXT    NOT NULL,
    name                   TEXT    NOT NULL,
    time_zone              TEXT    NOT NULL,
    session_minutes        INTEGER NOT NULL,
    opens_at               TEXT    NOT NULL,
    closes_at              TEXT    NOT NULL,
    capacity               INTEGER NOT NULL,
    notice_office_days     INTEGER NOT NULL,
    confirm_cutoff_minutes INTEGER NOT NULL,
    horizon_days           INTEGER NOT NULL,
    no_show_grace_minutes  INTEGER NOT NULL,
    contact_phone          TEXT    NOT NULL,
    contact_hours          TEXT    NOT NULL,
    created_at             DATETIME NOT NULL,
    updated_at             DATETIME NOT NULL
);
CREATE UNIQUE INDEX offices_code ON offices (code);

CREATE TABLE calendar_overrides (
    office_id  INTEGER  NOT NULL REFERENCES offices (id),
    date       TEXT     NOT NULL,
    open       BOOLEAN  NOT NULL,
    reason     TEXT     NOT NULL,
    created_by INTEGER  NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (office_id, date)
);

CREATE TABLE imported_holidays (
    date        TEXT     NOT NULL PRIMARY KEY,
    name        TEXT     NOT NULL,
    imported_at DATETIME NOT NULL
);

CREATE TABLE terms_versions (
    id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    office_id      INTEGER  NOT NULL REFERENCES offices (id),
    title          TEXT     NOT NULL,
    effective_from TEXT     NOT NULL,
    published_at   DATETIME NOT NULL,
    body           TEXT     NOT NULL,
    body_available BOOLEAN  NOT NULL
);
CREATE UNIQUE INDEX terms_versions_office_effective ON terms_versions (office_id, effective_from);

-- +goose Down
DROP TABLE terms_versions;
DROP TABLE imported_holidays;
DROP TABLE calendar_overrides;
DROP TABLE offices;
