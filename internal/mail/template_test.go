package mail_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/mail"
)

var update = flag.Bool("update", false, "update golden files in testdata instead of checking against them")

// jst is Asia/Tokyo without depending on the system's time zone database.
var jst = time.FixedZone("JST", 9*60*60)

var testOffice = mail.Office{
	Name:     "ハローワーク都城（都城公共職業安定所）",
	Phone:    "0986-22-1860",
	Hours:    "平日 8:30〜17:15",
	Location: jst,
}

// replyOffice is testOffice with replies going to a mailbox staff read
// (SOUDAN_MAIL_REPLY_TO).
var replyOffice = mail.Office{
	Name:        testOffice.Name,
	Phone:       testOffice.Phone,
	Hours:       testOffice.Hours,
	Location:    jst,
	RepliesRead: true,
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name string
		data any
	}{
		{mail.TemplateVerifyEmail, mail.VerifyEmailData{
			Office:    testOffice,
			Name:      "都城 花子",
			VerifyURL: "https://soudan.example.jp/verify?token=Zm9vYmFy",
			ExpiresAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC), // 10:00 JST
		}},
		{mail.TemplatePasswordReset, mail.PasswordResetData{
			Office:    testOffice,
			Name:      "都城 花子",
			ResetURL:  "https://soudan.example.jp/reset-password?token=Zm9vYmFy",
			ExpiresAt: time.Date(2026, 5, 7, 2, 0, 0, 0, time.UTC), // 11:00 JST
		}},
		{mail.TemplateRegisteredByStaff, mail.RegisteredByStaffData{
			Office:         testOffice,
			Name:           "都城 花子",
			SetPasswordURL: "https://soudan.example.jp/reset-password?token=Zm9vYmFy",
			ExpiresAt:      time.Date(2026, 5, 14, 1, 0, 0, 0, time.UTC), // 5/14 10:00 JST
		}},
		{mail.TemplateSignUpAddressRegistered, mail.SignUpRegisteredData{
			Office:            testOffice,
			Name:              "都城 花子",
			SignInURL:         "https://soudan.example.jp/login",
			ForgotPasswordURL: "https://soudan.example.jp/forgot-password",
		}},
		{mail.TemplateSignUpNumberRegistered, mail.SignUpRegisteredData{
			Office:            testOffice,
			SignInURL:         "https://soudan.example.jp/login",
			ForgotPasswordURL: "https://soudan.example.jp/forgot-password",
		}},
		{mail.TemplateStaffWelcome, mail.StaffWelcomeData{
			Office:    testOffice,
			Name:      "職員 一郎",
			SignInURL: "https://soudan.example.jp/staff/sign-in",
		}},
		{mail.TemplateReservationConfirmed, mail.ReservationData{
			Office:   testOffice,
			Name:     "都城 花子",
			StartsAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC), // 10:00 JST
			Meeting: &mail.MeetingData{MeetingID: "812 3456 7890", Passcode: "123456",
				JoinURL: "https://us02web.zoom.us/j/81234567890"},
			TermsTitle:     "令和7年3月10日改訂",
			TermsURL:       "https://soudan.example.jp/terms/3",
			ReservationURL: "https://soudan.example.jp/reservations/42",
			ReadinessURL:   "https://soudan.example.jp/reservations/42/readiness",
		}},
		{mail.TemplateReservationConfirmed + "_no_meeting", mail.ReservationData{
			Office:         testOffice,
			Name:           "都城 花子",
			StartsAt:       time.Date(2026, 5, 7, 5, 30, 0, 0, time.UTC), // 14:30 JST
			TermsTitle:     "令和7年3月10日改訂",
			TermsURL:       "https://soudan.example.jp/terms",
			ReservationURL: "https://soudan.example.jp/reservations/43",
		}},
		{mail.TemplateReservationNoShow, mail.ReservationData{
			Office:   testOffice,
			Name:     "都城 花子",
			StartsAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
			BookURL:  "https://soudan.example.jp/book",
		}},
		{mail.TemplateApplicationReceived, mail.ReservationData{
			Office:   testOffice,
			Name:     "都城 花子",
			StartsAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
			Meeting: &mail.MeetingData{MeetingID: "81234567890", Passcode: "123456",
				JoinURL: "https://us02web.zoom.us/j/81234567890"},
			TermsTitle:   "令和7年3月10日改訂",
			TermsURL:     "https://soudan.example.jp/terms",
			ConfirmURL:   "https://soudan.example.jp/confirm?token=Zm9vYmFy",
			ReadinessURL: "https://soudan.example.jp/reservations/44/readiness",
			ConfirmBy:    time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC), // 5/1 0:00 JST
		}},
		{mail.TemplateApplicationReceived + "_reply", mail.ReservationData{
			Office:   replyOffice,
			Name:     "都城 花子",
			StartsAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
			Meeting: &mail.MeetingData{MeetingID: "81234567890", Passcode: "123456",
				JoinURL: "https://us02web.zoom.us/j/81234567890"},
			TermsTitle: "令和7年3月10日改訂",
			TermsURL:   "https://soudan.example.jp/terms",
			ConfirmURL: "https://soudan.example.jp/confirm?token=Zm9vYmFy",
			ConfirmBy:  time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC),
		}},
		{mail.TemplateReplyTooLate, mail.ReservationData{
			Office:    replyOffice,
			Name:      "都城 花子",
			StartsAt:  time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
			ConfirmBy: time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC),
			BookURL:   "https://soudan.example.jp/book",
		}},
		{mail.TemplateReservationReminder, mail.ReservationData{
			Office:   testOffice,
			Name:     "都城 花子",
			StartsAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
			Meeting: &mail.MeetingData{MeetingID: "81234567890", Passcode: "123456",
				JoinURL: "https://us02web.zoom.us/j/81234567890"},
			ReservationURL: "https://soudan.example.jp/reservations/42",
			ReadinessURL:   "https://soudan.example.jp/reservations/42/readiness",
		}},
		{mail.TemplateTermsChanged, mail.TermsChangedData{
			Office:        testOffice,
			Name:          "都城 花子",
			Title:         "令和8年6月1日改訂",
			EffectiveFrom: "2026年6月1日(月)",
			TermsURL:      "https://soudan.example.jp/terms",
		}},
		{mail.TemplateSuspensionCancelled, mail.SuspensionCancelledData{
			Office: testOffice,
			Name:   "都城 花子",
			StartsAt: []time.Time{time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
				time.Date(2026, 5, 14, 5, 30, 0, 0, time.UTC)},
		}},
		{mail.TemplateApplicationExpired, mail.ReservationData{
			Office:   testOffice,
			Name:     "都城 花子",
			StartsAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
			BookURL:  "https://soudan.example.jp/book",
		}},
		{mail.TemplateReservationCancelled, mail.ReservationData{
			Office:   testOffice,
			Name:     "都城 花子",
			StartsAt: time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC),
			BookURL:  "https://soudan.example.jp/book",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := strings.TrimSuffix(strings.TrimSuffix(tt.name, "_no_meeting"), "_reply")
			subject, body, err := mail.Render(name, tt.data)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			got := "Subject: " + subject + "\n\n" + body
			compareGolden(t, got, filepath.Join("testdata", tt.name+".golden"))

			// Every mail ends with the footer; it calls the mail send-only
			// unless replies reach a mailbox the office reads.
			sendOnly := "このメールは送信専用です"
			if strings.Contains(got, sendOnly) == strings.Contains(got, "当ハローワークの職員が確認します") {
				t.Errorf("footer must either call the mail send-only or say replies are read:\n%s", got)
			}
			for _, want := range []string{testOffice.Name, testOffice.Phone, "オンライン職業相談システムから自動で送信しています"} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
			if strings.Contains(got, "<no value>") {
				t.Errorf("rendered mail has a missing value:\n%s", got)
			}
		})
	}
}

func compareGolden(t *testing.T, got, path string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name string
		tmpl string
		data any
	}{
		{"unknown template", "no_such_mail", mail.VerifyEmailData{Office: testOffice}},
		{"footer is not a mail", "footer", mail.VerifyEmailData{Office: testOffice}},
		{"no office", mail.TemplateStaffWelcome, struct{ Name, SignInURL string }{"a", "b"}},
		{"no time zone", mail.TemplateVerifyEmail, mail.VerifyEmailData{Office: mail.Office{Name: "x", Phone: "y"}}},
		{"map without keys", mail.TemplateStaffWelcome, map[string]any{"Office": testOffice}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := mail.Render(tt.tmpl, tt.data); err == nil {
				t.Errorf("Render(%q) = nil error, want an error", tt.tmpl)
			}
		})
	}
}

func TestFormatJapaneseDateTime(t *testing.T) {
	tests := []struct {
		t    time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 5, 7, 10, 0, 0, 0, jst), jst, "2026年5月7日(木) 10:00"},
		{time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC), jst, "2026年5月7日(木) 10:00"},
		{time.Date(2026, 5, 9, 15, 30, 0, 0, time.UTC), jst, "2026年5月10日(日) 0:30"},
		{time.Date(2026, 5, 11, 9, 5, 0, 0, jst), jst, "2026年5月11日(月) 9:05"},
		{time.Date(2026, 5, 12, 16, 30, 0, 0, jst), jst, "2026年5月12日(火) 16:30"},
		{time.Date(2026, 5, 13, 8, 30, 0, 0, jst), jst, "2026年5月13日(水) 8:30"},
		{time.Date(2026, 5, 15, 12, 0, 0, 0, jst), jst, "2026年5月15日(金) 12:00"},
		{time.Date(2026, 12, 31, 23, 59, 0, 0, jst), jst, "2026年12月31日(木) 23:59"},
		{time.Date(2027, 1, 2, 0, 0, 0, 0, jst), nil, "2027年1月2日(土) 0:00"},
	}
	for _, tt := range tests {
		if got := mail.FormatJapaneseDateTime(tt.t, tt.loc); got != tt.want {
			t.Errorf("FormatJapaneseDateTime(%v, %v) = %q, want %q", tt.t, tt.loc, got, tt.want)
		}
	}
}
