package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// phoneIndexPurpose names the blind index of job_seekers.phone_sealed.
const phoneIndexPurpose = "job_seekers.phone"

// indexCheckPurpose and indexCheckText give data_key_checks.index_check:
// the blind index of a fixed text, which changes exactly when the index
// key does.
const (
	indexCheckPurpose = "data_key_checks.index_check"
	indexCheckText    = "soudan blind index check"
)

// phoneIndexBatch bounds the rows read at a time while indexing phones.
const phoneIndexBatch = 200

// phoneIndex returns the blind index of a phone number in E.164 form (see
// secret.Keyring.Index), stored in job_seekers.phone_index so that a job
// seeker can be found by phone although the number is sealed. Every
// written form of a number parses to the same E.164 form, so they all find
// it.
//
// The HMAC key is not a data key: it is derived with HKDF from the
// keyring's "index" key when SOUDAN_DATA_KEY has one (which never
// rotates), else from the current data key. In the second case a rotation
// changes every index, so IndexPhones (at startup) and RotateKeys
// recompute them.
func (s *Store) phoneIndex(e164 string) string {
	if s.keys == nil {
		return ""
	}
	return s.keys.Index(phoneIndexPurpose, []byte(e164))
}

// IndexPhones computes the blind index of the phone numbers that have
// none (job seekers written before it existed) or, when the index key has
// changed since the indexes were computed, of every job seeker. It works in
// small batches while the server runs, and returns how many rows it
// updated. Without keys it does nothing.
func (s *Store) IndexPhones(ctx context.Context) (int, error) {
	return s.indexPhones(ctx, false)
}

// indexPhones is IndexPhones; all recomputes every row whatever the
// index check says.
func (s *Store) indexPhones(ctx context.Context, all bool) (int, error) {
	if s.keys == nil {
		return 0, nil
	}
	check := s.keys.Index(indexCheckPurpose, []byte(indexCheckText))
	var stored sql.NullString
	err := s.sqlDB.QueryRowContext(ctx, "SELECT index_check FROM data_key_checks WHERE id = 1").Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: index check: %w", classify(err))
	}
	all = all || stored.String != check
	total := 0
	var unreadable []int64
	for after := int64(0); ; {
		last, n, bad, err := s.indexPhoneBatch(ctx, after, all)
		if err != nil {
			return total, err
		}
		total += n
		unreadable = append(unreadable, bad...)
		if last == 0 {
			break
		}
		after = last
	}
	if len(unreadable) > 0 {
		// The others are indexed; the check stays as it was, so the next
		// run looks at every row again.
		return total, fmt.Errorf("store: index phones: %d phone numbers cannot be opened (job seekers %v)", len(unreadable), unreadable[:min(len(unreadable), 10)])
	}
	if all {
		if _, err := s.sqlDB.ExecContext(ctx, "UPDATE data_key_checks SET index_check = ? WHERE id = 1", check); err != nil {
			return total, fmt.Errorf("store: index check: %w", classify(err))
		}
	}
	return total, nil
}

// indexPhoneBatch indexes the phones of up to phoneIndexBatch job seekers
// after account id after: those without an index, or all of them. It
// returns the last account id read (0 when there was none), how many rows
// it updated and the job seekers whose phone it could not open.
func (s *Store) indexPhoneBatch(ctx context.Context, after int64, all bool) (last int64, updated int, unreadable []int64, err error) {
	q := "SELECT account_id, phone_sealed, phone_index FROM job_seekers WHERE account_id > ?"
	if !all {
		q += " AND phone_index IS NULL"
	}
	rows, err := s.sqlDB.QueryContext(ctx, q+" ORDER BY account_id LIMIT ?", after, phoneIndexBatch)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("store: index phones: %w", classify(err))
	}
	type item struct {
		id     int64
		sealed string
		index  sql.NullString
	}
	var batch []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.sealed, &it.index); err != nil {
			rows.Close()
			return 0, 0, nil, err
		}
		batch = append(batch, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, nil, fmt.Errorf("store: index phones: %w", classify(err))
	}
	for _, it := range batch {
		last = it.id
		phone, err := s.openPhone(it.sealed, adPhone)
		if err != nil {
			unreadable = append(unreadable, it.id)
			continue
		}
		index := s.phoneIndex(phone.E164)
		if it.index.Valid && it.index.String == index {
			continue
		}
		// On the value read: a phone changed or re-sealed meanwhile was
		// indexed by its writer (or is by RotateKeys after it).
		res, err := s.sqlDB.ExecContext(ctx, "UPDATE job_seekers SET phone_index = ? WHERE account_id = ? AND phone_sealed = ?",
			index, it.id, it.sealed)
		if err != nil {
			return 0, 0, nil, fmt.Errorf("store: index phone of %d: %w", it.id, classify(err))
		}
		if n, _ := res.RowsAffected(); n == 1 {
			updated++
		}
	}
	return last, updated, unreadable, nil
}
