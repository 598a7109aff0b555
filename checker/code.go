package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"soudan/checker/report"
)

// buildServer is the office server a release build talks to; cmd/release
// sets it with -ldflags "-X main.buildServer=URL".
var buildServer string

// CodeAlphabet is the alphabet of upload codes: digits and capitals without
// the look-alikes 0/O, 1/I/L and U (Crockford's base 32 without U).
const CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeName matches the name of a downloaded checker that carries an upload
// code, as the server names it (soudan-check-K7Q2M9.exe) and as browsers
// rename a second download: "… (1).exe" (Chrome, Edge), "…(1)" (Firefox),
// "…-2" (Safari).
var codeName = regexp.MustCompile(`(?i)^soudan-check-([2-9A-HJKMNP-TV-Z]{6})(?:\s*\(\d{1,3}\)|-\d{1,3})?(?:\.exe)?$`)

// codeFromName returns the upload code in an executable's base name, or "".
func codeFromName(base string) string {
	m := codeName.FindStringSubmatch(strings.TrimSpace(base))
	if m == nil {
		return ""
	}
	return strings.ToUpper(m[1])
}

// submitWithCodeMutation uploads a report with the upload code of the file
// name instead of a session.
const submitWithCodeMutation = `mutation Submit($code: String!, $report: ReadinessReportInput!) {
  submitReadinessReportWithCode(code: $code, report: $report) { submittedAt overall }
}`

// uploadWithCode shows what will be sent, asks 「ハローワークに送信しますか？」
// (unless yes) and uploads with the code. It returns false when the server
// refused or could not be reached.
func uploadWithCode(ctx context.Context, e env, rep report.Report, lang, server, code string, yes bool) bool {
	sub := newSubmission(rep, lang)
	shown, _ := json.MarshalIndent(sub, "", "  ")
	fmt.Fprintf(e.stdout, "\n%s\n%s\n", report.Text{JA: "送信する内容（結果だけで、パソコンの中身は送りません）：",
		EN: "This is what will be sent (verdicts only, nothing about what is on the PC):"}.In(lang), shown)
	q := report.Text{JA: "ハローワークに送信しますか？ [y/N] ", EN: "Send this report to Hello Work? [y/N] "}.In(lang)
	if !yes && (e.stdin == nil || !confirm(e.stdin, e.stdout, q)) {
		fmt.Fprintln(e.stdout, report.Text{JA: "送信しませんでした。", EN: "Not sent."}.In(lang))
		return true
	}
	if server == "" {
		fmt.Fprintln(e.stderr, report.Text{
			JA: "送信先のハローワークのサーバーがこの確認ツールに設定されていません。ご予約のページからダウンロードし直してください。",
			EN: "This checker has no server to send to; download it again from the reservation page."}.In(lang))
		return false
	}
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	err := postGraphQL(sctx, server, "", submitWithCodeMutation, map[string]any{"code": code, "report": sub})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s\n%s\n", report.Text{JA: "ハローワークに送信できませんでした。", EN: "The report could not be sent."}.In(lang),
			serverMessage(err, lang))
		return false
	}
	fmt.Fprintln(e.stdout, report.Text{JA: "ハローワークに送信しました。オンライン職業相談の担当者が確認します。",
		EN: "Sent to Hello Work; the counsellor will see it."}.In(lang))
	return true
}

// serverError is an error the server answered with.
type serverError struct {
	Code, Message, EN string
}

func (e *serverError) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.EN) }

// serverMessage says what went wrong in lang: the server's own message when
// it answered, else why it could not be reached.
func serverMessage(err error, lang string) string {
	if se, ok := err.(*serverError); ok {
		if lang == "en" && se.EN != "" {
			return se.EN
		}
		return se.Message
	}
	return report.Text{
		JA: fmt.Sprintf("ハローワークのサーバーに接続できませんでした。インターネットへの接続を確かめて、もう一度お試しください。（%v）", err),
		EN: fmt.Sprintf("Could not reach the office server (%v).", err)}.In(lang)
}

// postGraphQL posts one operation; a GraphQL error becomes a *serverError.
func postGraphQL(ctx context.Context, server, token, query string, vars map[string]any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(server, "/")+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var gr struct {
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
				EN   string `json:"en"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	jsonErr := json.Unmarshal(b, &gr)
	if len(gr.Errors) > 0 {
		g := gr.Errors[0]
		return &serverError{Code: g.Extensions.Code, Message: g.Message, EN: g.Extensions.EN}
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if jsonErr != nil {
		return fmt.Errorf("unreadable response: %w", jsonErr)
	}
	return nil
}
