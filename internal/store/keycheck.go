package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// adKeyCheck is the associated data of the key check value.
const adKeyCheck = "data_key_checks.check"

// keyCheckPlaintext is what the key check seals; only its decryption
// matters.
const keyCheckPlaintext = "soudan data key check"

type keyCheckRow struct {
	ID          int `gorm:"primaryKey;autoIncrement:false"`
	CheckSealed string
	CreatedAt   time.Time
}

func (keyCheckRow) TableName() string { return "data_key_checks" }

// ErrDataKeyMismatch is returned by CheckDataKey when the configured keys
// cannot open the data already stored.
var ErrDataKeyMismatch = errors.New("the configured data keys cannot open the personal data already stored in this database")

// CheckDataKey makes sure this instance's keys open the database's
// personal data: the first instance seals a check value under its current
// key; every later one must open it (rotate-key re-seals it with the rest).
// It returns ErrDataKeyMismatch when they cannot. Without keys (commands
// that touch no personal data) it does nothing.
func (s *Store) CheckDataKey(ctx context.Context, now time.Time) error {
	if s.keys == nil {
		return nil
	}
	db := s.db.WithContext(ctx)
	var row keyCheckRow
	err := db.Take(&row, 1).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		sealed, serr := s.seal(keyCheckPlaintext, adKeyCheck)
		if serr != nil {
			return serr
		}
		// Two instances starting at once: the first insert wins and both
		// check it.
		if err := db.Clauses(clause.OnConflict{DoNothing: true}).
			Create(&keyCheckRow{ID: 1, CheckSealed: sealed, CreatedAt: utc(now)}).Error; err != nil {
			return fmt.Errorf("store: key check: %w", classify(err))
		}
		err = db.Take(&row, 1).Error
	}
	if err != nil {
		return fmt.Errorf("store: key check: %w", classify(err))
	}
	if plain, err := s.keys.OpenString(row.CheckSealed, adKeyCheck); err != nil || plain != keyCheckPlaintext {
		return ErrDataKeyMismatch
	}
	return nil
}
