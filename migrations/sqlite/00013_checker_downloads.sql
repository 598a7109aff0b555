-- +goose Up
-- Checker downloads bound to a reservation: the upload code in the file name
-- and the secret of the download URL, both stored as SHA-256 only.
CREATE TABLE checker_downloads (
    id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    reservation_id INTEGER  NOT NULL REFERENCES reservations (id),
    code_hash      TEXT     NOT NULL,
    token_hash     TEXT     NOT NULL,
    os             TEXT     NOT NULL,
    arch           TEXT     NOT NULL,
    created_at     DATETIME NOT NULL,
    expires_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX checker_downloads_code ON checker_downloads (code_hash);
CREATE UNIQUE INDEX checker_downloads_token ON checker_downloads (token_hash);
CREATE INDEX checker_downloads_reservation ON checker_downloads (reservation_id);

-- +goose Down
DROP TABLE checker_downloads;
