package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"golang.org/x/crypto/hkdf"
)

// indexInfoPrefix separates blind-index keys from any other key this
// package might ever derive from the same material.
const indexInfoPrefix = "soudan/secret/blind-index/v1:"

// extract returns the HKDF-SHA256 pseudorandom key of an index key.
func extract(key []byte) []byte {
	return hkdf.Extract(sha256.New, key, nil)
}

// Index returns a blind index of value for purpose: the hex HMAC-SHA256 of
// value under a key derived with HKDF-SHA256 from the index key, with purpose
// in the HKDF info. It lets encrypted values be found by equality (store
// Index("job_seekers.phone", phone) in an indexed column next to the sealed
// phone) without storing the plaintext. Different purposes give unrelated
// indexes. Normalize value first (for example a phone number to E.164):
// equality is byte for byte.
//
// The index key is the key of id [IndexKeyID] if the keyring holds one, else
// the current key. Indexes must stay stable across rotations of the data keys,
// so production must configure an "index" key (for example
// SOUDAN_DATA_KEY="k2:…,k1:…,index:…") and never change it; without one,
// rotating the current key changes every index and the stored indexes must be
// recomputed.
//
// A blind index reveals which rows share a value; use it only for columns
// where that is acceptable.
func (k *Keyring) Index(purpose string, value []byte) string {
	key := make([]byte, sha256.Size)
	r := hkdf.Expand(sha256.New, k.indexPRK, []byte(indexInfoPrefix+purpose))
	if _, err := io.ReadFull(r, key); err != nil {
		// HKDF-SHA256 can produce up to 255*32 bytes; 32 never fails.
		panic("secret: hkdf: " + err.Error())
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(value)
	return hex.EncodeToString(mac.Sum(nil))
}
