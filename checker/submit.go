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
)

// submitMutation uploads a report. The server side (submitReadinessReport)
// does not exist yet; this is the agreed client shape: the report is sent as
// a JSON string so the schema can evolve without a GraphQL type change.
const submitMutation = `mutation Submit($reservationId: ID!, $report: String!) {
  submitReadinessReport(reservationId: $reservationId, report: $report) { id }
}`

// submitReport POSTs the report to server+"/graphql" with the bearer token
// and returns the server's error message, if any, as an error.
func submitReport(ctx context.Context, server, token, reservationID string, reportJSON []byte) error {
	body, _ := json.Marshal(map[string]any{
		"query":     submitMutation,
		"variables": map[string]string{"reservationId": reservationID, "report": string(reportJSON)},
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
