package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"soudan/checker/report"
)

// submitMutation uploads a report (the API's ReadinessReportInput).
const submitMutation = `mutation Submit($reservationId: ID!, $report: ReadinessReportInput!) {
  submitReadinessReport(reservationId: $reservationId, report: $report) { submittedAt overall }
}`

// submission is what is uploaded: the verdicts only (no evidence, no
// inventory of the PC), as the API's ReadinessReportInput.
type submission struct {
	Overall      string           `json:"overall"`
	RulesVersion string           `json:"rulesVersion"`
	OS           string           `json:"os"`
	Checks       []submittedCheck `json:"checks"`
}

type submittedCheck struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Summary string `json:"summary"`
}

// newSubmission turns a report into the upload, with summaries in lang.
func newSubmission(r report.Report, lang string) submission {
	overall := map[report.Overall]string{report.Ready: "PASS", report.Warnings: "WARN", report.NotReady: "FAIL"}[r.Overall]
	if overall == "" {
		overall = "UNKNOWN"
	}
	osName := r.OS
	if osName != "windows" && osName != "darwin" && osName != "linux" {
		osName = "other"
	}
	s := submission{Overall: overall, RulesVersion: r.RulesVersion, OS: osName, Checks: []submittedCheck{}}
	for _, c := range r.Checks {
		s.Checks = append(s.Checks, submittedCheck{ID: c.ID, Status: string(c.Status), Summary: c.Summary.In(lang)})
	}
	return s
}

// submitReport POSTs the submission to server+"/graphql" with the bearer
// token and returns the server's error message, if any, as an error.
func submitReport(ctx context.Context, server, token, reservationID string, sub submission) error {
	body, _ := json.Marshal(map[string]any{
		"query":     submitMutation,
		"variables": map[string]any{"reservationId": reservationID, "report": sub},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(server, "/")+"/graphql", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var gr struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	jsonErr := json.Unmarshal(b, &gr)
	if len(gr.Errors) > 0 {
		return fmt.Errorf("submit: server error: %s", gr.Errors[0].Message)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("submit: HTTP %d", resp.StatusCode)
	}
	if jsonErr != nil {
		return fmt.Errorf("submit: unreadable response: %w", jsonErr)
	}
	return nil
}

// confirm asks a yes/no question on in; only "y" or "yes" consents.
func confirm(in io.Reader, out io.Writer, q string) bool {
	fmt.Fprint(out, q)
	line, _ := bufio.NewReader(in).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes" || a == "はい"
}
