package main

import (
	"testing"

	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// Art 8 (personal data kept as at the counter): an instance whose data key
// cannot open the database's personal data refuses to start, naming
// SOUDAN_DATA_KEY, instead of answering INTERNAL to every request.
func TestArt8OneDataKeyOrAClearRefusal(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		db := dbEnv(t, d)
		ts := startServer(t, map[string]string{"SOUDAN_DB": db})
		signUp(t, ts, "key@example.jp", "45040-808")
		ts.stop(t)

		const otherKey = "YW5vdGhlci1rZXktYW5vdGhlci1rZXktYW5vdGhlciE="
		out, err := runServerCommand(t, map[string]string{"SOUDAN_DB": db, "SOUDAN_DATA_KEY": otherKey})
		if err == nil || !contains(out, "SOUDAN_DATA_KEY cannot open the personal data") {
			t.Fatalf("a server with another key: err %v, output:\n%s", err, out)
		}
		if contains(out, `"msg":"listening"`) {
			t.Errorf("the server with another key listened before refusing:\n%s", out)
		}
		// Keys that include the one the data was written with are fine.
		ts = startServer(t, map[string]string{"SOUDAN_DB": db, "SOUDAN_DATA_KEY": "k2:" + otherKey + ",k1:" + testDataKey})
		token := signIn(t, ts, "key@example.jp", "a-long-password-1")
		var me struct {
			Me struct{ JobSeeker struct{ Phone string } }
		}
		ts.gql(t, token, `{ me { jobSeeker { phone } } }`, nil).mustData(t, &me)
		if me.Me.JobSeeker.Phone != "090-1111-2222" {
			t.Errorf("phone read back = %q", me.Me.JobSeeker.Phone)
		}
		ts.stop(t)
	})
}
