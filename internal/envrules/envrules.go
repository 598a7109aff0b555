// Package envrules serves the readiness checker's rules document
// (environmentRules): the one built into the checker, or a file an
// administrator configures, validated before it is served. Policy changes
// need no new checker binary.
package envrules

import (
	"fmt"
	"os"
	"time"

	"soudan/checker/rules"
)

// Document is a validated rules document.
type Document struct {
	Version   string
	ExpiresAt time.Time
	// JSON is the document as served.
	JSON string
}

// Load reads the document at path, or the built-in one when path is "",
// and validates it (rules.Parse does).
func Load(path string) (Document, error) {
	data := rules.Embedded
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return Document{}, fmt.Errorf("rules document: %w", err)
		}
	}
	r, err := rules.Parse(data)
	if err != nil {
		return Document{}, fmt.Errorf("rules document %s: %w", nameOf(path), err)
	}
	return Document{Version: r.Version, ExpiresAt: r.ExpiresAt, JSON: string(data)}, nil
}

func nameOf(path string) string {
	if path == "" {
		return "(built in)"
	}
	return path
}
