package mail_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// nestedBrackets finds a full-width bracket inside another on one line.
var nestedBrackets = regexp.MustCompile(`（[^（）\n]*（`)

// bareReservation finds 予約 used as a noun without the honorific ご, as in
// 「予約が確定しました」 or 「予約の確認」 (verbs such as 予約する stay).
var bareReservation = regexp.MustCompile(`(^|[^ご])予約(が|を|は|の|用)`)

// Art 6, 12 and the plain polite Japanese of WEB.md: every mail a job
// seeker reads (the golden files are what the templates render, checked by
// TestRenderGolden) says ご予約 and ログイン, never 無断キャンセル or internal
// code names, forbids recording 「方法を問わず」, and keeps its brackets flat.
func TestArt6_12MailWordingForJobSeekers(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.golden"))
	if err != nil || len(files) < 10 {
		t.Fatalf("golden files: %v, %v", files, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, bad := range []string{"サインイン", "無断キャンセル", "SITE", "PHONE", "CONFIRMED", "NO_SHOW", "録画・録音・撮影はできません"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s says %q", filepath.Base(f), bad)
			}
		}
		if m := nestedBrackets.FindString(text); m != "" {
			t.Errorf("%s has nested brackets: %q", filepath.Base(f), m)
		}
		if m := bareReservation.FindString(text); m != "" {
			t.Errorf("%s says %q; write ご予約", filepath.Base(f), m)
		}
	}
	for _, name := range []string{"reservation_confirmed", "reservation_reminder", "application_received"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "録画・録音・撮影は、方法を問わず禁止されています") {
			t.Errorf("%s does not say that recording is forbidden 「方法を問わず」", name)
		}
	}
}
