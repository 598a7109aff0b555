package store

import (
	"context"
	"fmt"
)

// sealedColumn is one column of personal data encrypted at rest.
type sealedColumn struct {
	table, key, column string
	// ad returns the associated data the value was sealed with; extra is
	// the value of extraColumn of the row, when the data depends on it.
	ad          func(extra string) string
	extraColumn string
}

func fixedAD(ad string) func(string) string { return func(string) string { return ad } }

// sealedColumns lists every sealed column (SECURITY.md, "Personal data").
var sealedColumns = []sealedColumn{
	{table: "job_seekers", key: "account_id", column: "phone_sealed", ad: fixedAD(adPhone)},
	{table: "job_seekers", key: "account_id", column: "suspension_reason_sealed", ad: fixedAD(adSuspensionReason)},
	{table: "mail_outbox", key: "id", column: "body_sealed", ad: mailAD, extraColumn: "message_id"},
	{table: "notifications", key: "id", column: "body_sealed", ad: fixedAD(adNotification)},
	{table: "reservations", key: "id", column: "phone_sealed", ad: fixedAD(adResPhone)},
	{table: "reservations", key: "id", column: "consultation_sealed", ad: fixedAD(adResConsultation)},
	{table: "reservations", key: "id", column: "companion_note_sealed", ad: fixedAD(adResCompanion)},
	{table: "reservations", key: "id", column: "meeting_passcode_sealed", ad: fixedAD(adResPasscode)},
	{table: "reservations", key: "id", column: "cancel_reason_sealed", ad: fixedAD(adResCancel)},
	{table: "reservations", key: "id", column: "completion_note_sealed", ad: fixedAD("reservations.completion_note_sealed")},
	{table: "reservations", key: "id", column: "end_reason_sealed", ad: fixedAD("reservations.end_reason_sealed")},
	{table: "booths", key: "office_id, seat", column: "passcode_sealed", ad: fixedAD(adBoothPasscode)},
	{table: "readiness_reports", key: "reservation_id", column: "checks_sealed", ad: fixedAD(adReadiness)},
	{table: "reinstatements", key: "id", column: "note_sealed", ad: fixedAD(adReinstatementNote)},
	{table: "data_key_checks", key: "id", column: "check_sealed", ad: fixedAD(adKeyCheck)},
}

// RotateKeys re-encrypts, under the current key, every sealed value written
// under an older one. It works in small batches, each row a conditional
// update on its old value, so the server keeps running (and writing) while
// it does. It returns how many values it re-encrypted. Then it recomputes
// every blind index whose key changed (the current key is the index key
// when the keyring has no "index" key), including those written by
// instances that still had the old keys.
func (s *Store) RotateKeys(ctx context.Context) (int, error) {
	if s.keys == nil {
		return 0, fmt.Errorf("store: no data key configured")
	}
	prefix := "v1." + s.keys.CurrentID() + ".%"
	total := 0
	for _, c := range sealedColumns {
		keyCols := c.key
		if c.table == "booths" {
			keyCols = "CONCAT(office_id, ',', seat)"
			if s.dialect == SQLite {
				keyCols = "office_id || ',' || seat"
			}
		}
		extra := "''"
		if c.extraColumn != "" {
			extra = c.extraColumn
		}
		for {
			rows, err := s.sqlDB.QueryContext(ctx, fmt.Sprintf(
				"SELECT %s, %s, %s FROM %s WHERE %s IS NOT NULL AND %s NOT LIKE ? LIMIT 200",
				keyCols, c.column, extra, c.table, c.column, c.column), prefix)
			if err != nil {
				return total, fmt.Errorf("store: rotate %s.%s: %w", c.table, c.column, classify(err))
			}
			type item struct{ key, old, extra string }
			var batch []item
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.key, &it.old, &it.extra); err != nil {
					rows.Close()
					return total, err
				}
				batch = append(batch, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return total, err
			}
			if len(batch) == 0 {
				break
			}
			updated := 0
			for _, it := range batch {
				plain, err := s.keys.OpenString(it.old, c.ad(it.extra))
				if err != nil {
					return total, fmt.Errorf("store: rotate %s.%s row %s: %w", c.table, c.column, it.key, err)
				}
				sealed, err := s.keys.SealString(plain, c.ad(it.extra))
				if err != nil {
					return total, err
				}
				res, err := s.sqlDB.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ? AND %s = ?",
					c.table, c.column, keyCols, c.column), sealed, it.key, it.old)
				if err != nil {
					return total, fmt.Errorf("store: rotate %s.%s: %w", c.table, c.column, classify(err))
				}
				if n, _ := res.RowsAffected(); n == 1 {
					updated++
				}
			}
			total += updated
			if updated == 0 {
				return total, fmt.Errorf("store: rotate %s.%s: %d values could not be rewritten", c.table, c.column, len(batch))
			}
		}
	}
	if _, err := s.indexPhones(ctx, true); err != nil {
		return total, err
	}
	return total, nil
}
