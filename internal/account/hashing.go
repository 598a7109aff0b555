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
