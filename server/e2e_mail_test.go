package main

import (
	"net"
	"sync"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// blackholeSMTP accepts connections and never answers, so a worker sending
// to it hangs; accepted reports each connection.
func blackholeSMTP(t testing.TB) (addr string, accepted <-chan struct{}) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 16)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return l.Addr().String(), ch
}

func signUp(t testing.TB, ts *testServer, email, number string) {
	t.Helper()
	ts.gql(t, "", `mutation($in: SignUpInput!) { signUp(input: $in) { sent } }`, map[string]any{"in": map[string]any{
		"email": email, "password": "a-long-password-1", "name": "テスト 太郎",
		"jobSeekerNumber": number, "phone": "090-1111-2222"}}).mustData(t, &struct{}{})
}

// TestMailSurvivesCrash kills the server (kill -9) while its worker is in
// the middle of sending, then restarts it: the mail committed before the
// crash is delivered after the restart.
func TestMailSurvivesCrash(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		db := dbEnv(t, d)
		hole, accepted := blackholeSMTP(t)
		first := startServer(t, map[string]string{"SOUDAN_DB": db, "SOUDAN_MAIL_LEASE": "2s",
			"SOUDAN_SMTP_URL": "smtp://" + hole + "?tls=none"})
		signUp(t, first, "crash@example.jp", "45040-1")
		select {
		case <-accepted:
		case <-time.After(10 * time.Second):
			t.Fatal("the worker never tried to send")
		}
		first.kill(t)

		smtpd := smtptest.Start(t)
		startServer(t, map[string]string{"SOUDAN_DB": db, "SOUDAN_MAIL_LEASE": "2s", "SOUDAN_SMTP_URL": smtpd.URL()})
		m := smtpd.WaitFor(t, 20*time.Second, smtptest.To("crash@example.jp"))
		if !contains(m.Body, "/verify-email?token=") {
			t.Errorf("the mail delivered after the restart is not the verification mail:\n%s", m.Body)
		}
		time.Sleep(500 * time.Millisecond)
		if n := len(smtpd.Messages()); n != 1 {
			t.Errorf("%d mails delivered after the restart, want 1", n)
		}
	})
}

// TestTwoInstancesSendEachMailOnce runs two servers on one database, both
// with mail workers: every mail arrives exactly once.
func TestTwoInstancesSendEachMailOnce(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		db := dbEnv(t, d)
		smtpd := smtptest.Start(t)
		// A race-built server hashes passwords several times slower; the
		// concurrent sign-ups queue for the hash slots meanwhile.
		env := map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(), "SOUDAN_OPERATION_TIMEOUT": "30s"}
		servers := []*testServer{startServer(t, env), startServer(t, env)}
		const n = 20
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				signUp(t, servers[i%2], "twice"+string(rune('a'+i))+"@example.jp", "45040-"+string(rune('1'+i%9))+string(rune('0'+i/9)))
			})
		}
		wg.Wait()
		deadline := time.Now().Add(20 * time.Second)
		for len(smtpd.Messages()) < n && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(time.Second) // room for a duplicate to show up
		seen := map[string]int{}
		for _, m := range smtpd.Messages() {
			seen[m.MessageID]++
		}
		if len(seen) != n {
			t.Errorf("%d distinct mails arrived, want %d", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Errorf("mail %s arrived %d times, want once", id, c)
			}
		}
	})
}
