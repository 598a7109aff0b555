-- +goose Up
-- A blind index of the job seeker's phone number (keyed HMAC-SHA256 of the
-- E.164 form, hex), so that staff can find a job seeker by phone although
-- the number is stored encrypted. NULL until the server computes it: rows
-- written before this migration are filled in at startup.
ALTER TABLE job_seekers ADD COLUMN phone_index CHAR(64) NULL;
CREATE INDEX job_seekers_phone_index ON job_seekers (phone_index);
-- Which index key the stored indexes were computed with (a keyed hash of a
-- fixed text), so that a change of that key recomputes them.
ALTER TABLE data_key_checks ADD COLUMN index_check CHAR(64) NULL;

-- +goose Down
ALTER TABLE data_key_checks DROP COLUMN index_check;
DROP INDEX job_seekers_phone_index ON job_seekers;
ALTER TABLE job_seekers DROP COLUMN phone_index;
