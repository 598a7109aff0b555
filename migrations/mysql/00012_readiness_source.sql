-- +goose Up
-- Where a readiness report was made: the checker program (CHECKER) or the
-- web client's browser check (BROWSER). Reports made before the browser
-- check existed came from the checker.
ALTER TABLE readiness_reports ADD COLUMN source VARCHAR(8) NOT NULL DEFAULT 'CHECKER';

-- +goose Down
ALTER TABLE readiness_reports DROP COLUMN source;
