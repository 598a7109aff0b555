-- +goose Up
-- The latest readiness report of a reservation: verdicts only, sealed.
CREATE TABLE readiness_reports (
    reservation_id INTEGER  NOT NULL PRIMARY KEY REFERENCES reservations (id),
    submitted_at   DATETIME NOT NULL,
    overall        TEXT     NOT NULL,
    rules_version  TEXT     NOT NULL,
    os             TEXT     NOT NULL,
    checks_sealed  TEXT     NOT NULL
);

-- +goose Down
DROP TABLE readiness_reports;
