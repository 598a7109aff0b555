-- +goose Up
-- The latest readiness report of a reservation: verdicts only, sealed.
CREATE TABLE readiness_reports (
    reservation_id BIGINT      NOT NULL PRIMARY KEY,
    submitted_at   DATETIME(6) NOT NULL,
    overall        VARCHAR(8)  NOT NULL,
    rules_version  VARCHAR(64) NOT NULL,
    os             VARCHAR(32) NOT NULL,
    checks_sealed  TEXT        NOT NULL,
    CONSTRAINT readiness_reports_reservation FOREIGN KEY (reservation_id) REFERENCES reservations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE readiness_reports;
