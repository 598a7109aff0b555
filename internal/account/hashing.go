package account

import (
	"context"
	"runtime"

	"soudan/internal/apperr"
	"soudan/internal/password"
)

// hashSlots bounds how many argon2id computations run at once: each needs
// password.Params.Memory (64 MiB by default), so a burst of sign-ins must
// queue instead of exhausting memory.
var hashSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

var errBusy = apperr.New(apperr.Unavailable,
	"ただいま混み合っています。しばらくしてからもう一度お試しください。",
	"the service is busy; please try again shortly")

// withHashSlot runs fn once a slot is free, or gives up when ctx ends.
func withHashSlot(ctx context.Context, fn func()) error {
	select {
	case hashSlots <- struct{}{}:
	case <-ctx.Done():
		return errBusy
	}
	defer func() { <-hashSlots }()
	fn()
	return nil
}

func (s *Service) hashPassword(ctx context.Context, pw string) (hash string, err error) {
	if slotErr := withHashSlot(ctx, func() { hash, err = password.Hash(pw, s.PasswordParams) }); slotErr != nil {
		return "", slotErr
	}
	return hash, err
}

// checkPassword verifies pw against hash, or, when hash is empty (no such
// account), does the same work against a dummy so both take similar time.
func (s *Service) checkPassword(ctx context.Context, pw, hash string) (ok bool, err error) {
	slotErr := withHashSlot(ctx, func() {
		if hash == "" {
			password.DummyVerifyWith(pw, s.PasswordParams)
			return
		}
		ok, err = password.Verify(pw, hash)
	})
	if slotErr != nil {
		return false, slotErr
	}
	return ok, err
}

// upgradeHash re-hashes a password that was stored with older parameters
// than PasswordParams, now that sign-in has the plain text. It is best
// effort: a failure is logged and the old hash keeps working.
func (s *Service) upgradeHash(ctx context.Context, accountID int64, old, pw string) {
	if !password.NeedsRehash(old, s.PasswordParams) {
		return
	}
	hash, err := s.hashPassword(ctx, pw)
	if err == nil {
		err = s.Store.UpgradePasswordHash(ctx, accountID, old, hash)
	}
	if err != nil {
		s.Log.WarnContext(ctx, "upgrading a password hash", "account", accountID, "err", err)
		return
	}
	s.Log.InfoContext(ctx, "password hash upgraded to the current parameters", "account", accountID)
}
