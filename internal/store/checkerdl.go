package store

import (
	"context"
	"fmt"
	"time"

	"soudan/internal/checkerdl"
)

var _ checkerdl.Store = (*Store)(nil)

type checkerDownloadRow struct {
	ID            int64 `gorm:"primaryKey"`
	ReservationID int64
	CodeHash      string
	TokenHash     string
	OS            string `gorm:"column:os"`
	Arch          string
	CreatedAt     time.Time `gorm:"autoCreateTime:false"`
	ExpiresAt     time.Time
}

func (checkerDownloadRow) TableName() string { return "checker_downloads" }

func (r checkerDownloadRow) download() checkerdl.Download {
	return checkerdl.Download{ReservationID: r.ReservationID, CodeHash: r.CodeHash, TokenHash: r.TokenHash,
		OS: r.OS, Arch: r.Arch, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt}
}

// SaveCheckerDownload inserts a checker download.
func (s *Store) SaveCheckerDownload(ctx context.Context, d checkerdl.Download) error {
	row := checkerDownloadRow{ReservationID: d.ReservationID, CodeHash: d.CodeHash, TokenHash: d.TokenHash,
		OS: d.OS, Arch: d.Arch, CreatedAt: utc(d.CreatedAt), ExpiresAt: utc(d.ExpiresAt)}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("store: checker download: %w", classify(err))
	}
	return nil
}

// CheckerDownloadByToken returns the download whose URL secret hashes to
// tokenHash.
func (s *Store) CheckerDownloadByToken(ctx context.Context, tokenHash string) (checkerdl.Download, error) {
	return s.checkerDownload(ctx, "token_hash = ?", tokenHash)
}

// CheckerDownloadByCode returns the download whose upload code hashes to
// codeHash.
func (s *Store) CheckerDownloadByCode(ctx context.Context, codeHash string) (checkerdl.Download, error) {
	return s.checkerDownload(ctx, "code_hash = ?", codeHash)
}

func (s *Store) checkerDownload(ctx context.Context, where, hash string) (checkerdl.Download, error) {
	var row checkerDownloadRow
	if err := s.db.WithContext(ctx).Where(where, hash).Take(&row).Error; err != nil {
		return checkerdl.Download{}, fmt.Errorf("store: checker download: %w", classify(err))
	}
	return row.download(), nil
}
