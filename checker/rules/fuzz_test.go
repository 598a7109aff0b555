package rules_test

import (
	"testing"

	"soudan/checker/rules"
)

// FuzzParse: a rules document from the network is either valid or refused
// with an error, never a panic; what is accepted validates again.
func FuzzParse(f *testing.F) {
	f.Add(rules.Embedded)
	f.Add([]byte(`{"version": "1"}`))
	f.Add([]byte(`{"version": "1", "expiresAt": "2026-01-01T00:00:00Z", "checks": null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := rules.Parse(data)
		if err != nil {
			return
		}
		if err := r.Validate(); err != nil {
			t.Errorf("Parse accepted a document that Validate refuses: %v", err)
		}
	})
}
