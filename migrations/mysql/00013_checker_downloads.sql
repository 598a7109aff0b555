-- +goose Up
-- Checker downloads bound to a reservation: the upload code in the file name
-- and the secret of the download URL, both stored as SHA-256 only.
CREATE TABLE checker_downloads (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    reservation_id BIGINT      NOT NULL,
    code_hash      CHAR(64)    NOT NULL,
    token_hash     CHAR(64)    NOT NULL,
    os             VARCHAR(16) NOT NULL,
    arch           VARCHAR(16) NOT NULL,
    created_at     DATETIME(6) NOT NULL,
    expires_at     DATETIME(6) NOT NULL,
    UNIQUE KEY checker_downloads_code (code_hash),
    UNIQUE KEY checker_downloads_token (token_hash),
    KEY checker_downloads_reservation (reservation_id),
    CONSTRAINT checker_downloads_reservation_fk FOREIGN KEY (reservation_id) REFERENCES reservations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE checker_downloads;
