//go:build windows || darwin

package probe

import (
	"errors"
	"fmt"
)

// unsupported is the error of a probe this system cannot answer.
func unsupported(what string) error {
	return fmt.Errorf("probe: %s: %w", what, errors.ErrUnsupported)
}
