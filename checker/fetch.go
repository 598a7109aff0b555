package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

const rulesQuery = `query { environmentRules { version document expiresAt } }`

// fetchRules POSTs the environmentRules query to server+"/graphql" and
// returns the rules document.
func fetchRules(ctx context.Context, server string) ([]byte, error) {
	body, _ := json.Marshal(map[string]string{"query": rulesQuery})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(server, "/")+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("fetch rules: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch rules: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("fetch rules: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch rules: HTTP %d", resp.StatusCode)
	}
	return decodeRulesResponse(b)
}

// decodeRulesResponse extracts the document from a GraphQL response. The
// document field is either a JSON string holding the document or the
// document object itself.
func decodeRulesResponse(b []byte) ([]byte, error) {
	var resp struct {
		Data struct {
			EnvironmentRules *struct {
				Version  string          `json:"version"`
				Document json.RawMessage `json:"document"`
			} `json:"environmentRules"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		return nil, fmt.Errorf("fetch rules: decode: %w", err)
	}
	if len(resp.Errors) > 0 {
		return nil, fmt.Errorf("fetch rules: server error: %s", resp.Errors[0].Message)
	}
	er := resp.Data.EnvironmentRules
	if er == nil || len(er.Document) == 0 {
		return nil, errors.New("fetch rules: empty environmentRules")
	}
	var s string
	if err := json.Unmarshal(er.Document, &s); err == nil {
		return []byte(s), nil
	}
	return er.Document, nil
}
