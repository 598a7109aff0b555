// Package checkerdl serves the readiness checker's release builds
// (SOUDAN_CHECKER_DIR, written by cmd/release) and binds a download to one
// reservation: the file is the release binary, named with a short upload
// code (soudan-check-K7Q2M9.exe). Double-clicked, the checker reads the code
// from its own file name and uploads its report with it, without a session,
// until the reservation ends. Codes and download secrets are stored as
// SHA-256 only.
package checkerdl

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/booking"
)

// Alphabet of upload codes: digits and capitals without the look-alikes
// 0/O, 1/I/L and U. The checker (checker/code.go) reads the same alphabet.
const Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// CodeLength is the number of characters of an upload code.
const CodeLength = 6

// Validity is how long a download URL works.
const Validity = 24 * time.Hour

// PathPrefix is where downloads are served: PathPrefix + token + "/" + file.
const PathPrefix = "/checker/download/"

// Platforms are the builds a release may hold, as os/arch.
var Platforms = []Platform{
	{"windows", "amd64"}, {"windows", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"},
}

// Platform is one build.
type Platform struct{ OS, Arch string }

// ReleaseName is the file name of a build in the release directory
// (cmd/release writes the same names).
func (p Platform) ReleaseName() string {
	n := "soudan-check-" + p.OS + "-" + p.Arch
	if p.OS == "windows" {
		n += ".exe"
	}
	return n
}

// FileName is the name a download is served under, carrying code.
func (p Platform) FileName(code string) string {
	n := "soudan-check-" + code
	if p.OS == "windows" {
		n += ".exe"
	}
	return n
}

// Download is one download bound to a reservation.
type Download struct {
	ReservationID int64
	CodeHash      string
	TokenHash     string
	OS, Arch      string
	CreatedAt     time.Time
	ExpiresAt     time.Time
}

// Store keeps downloads.
type Store interface {
	// SaveCheckerDownload inserts d; a code or token already taken is an
	// error (the caller draws again).
	SaveCheckerDownload(ctx context.Context, d Download) error
	// CheckerDownloadByToken and CheckerDownloadByCode return the download
	// with that hash, or apperr.ErrNotFound.
	CheckerDownloadByToken(ctx context.Context, tokenHash string) (Download, error)
	CheckerDownloadByCode(ctx context.Context, codeHash string) (Download, error)
}

// Service hands out downloads and accepts uploads by code.
type Service struct {
	// Dir is the release directory; "" offers nothing.
	Dir       string
	PublicURL string
	Store     Store
	Bookings  *booking.Service
	Now       func() time.Time
	Log       *slog.Logger
}

// Available returns the builds present in Dir.
func (s *Service) Available() []Platform {
	out := []Platform{}
	if s == nil || s.Dir == "" {
		return out
	}
	for _, p := range Platforms {
		if fi, err := os.Stat(filepath.Join(s.Dir, p.ReleaseName())); err == nil && fi.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	return out
}

func (s *Service) has(p Platform) bool {
	for _, a := range s.Available() {
		if a == p {
			return true
		}
	}
	return false
}

// Issued is a download handed to a job seeker.
type Issued struct {
	URL, FileName string
	ExpiresAt     time.Time
}

// Issue creates a download of the os/arch build for the caller's own
// active reservation.
func (s *Service) Issue(ctx context.Context, reservationID int64, goos, goarch string) (Issued, error) {
	res, err := s.Bookings.DownloadableFor(ctx, reservationID)
	if err != nil {
		return Issued{}, err
	}
	p := Platform{OS: strings.ToLower(strings.TrimSpace(goos)), Arch: strings.ToLower(strings.TrimSpace(goarch))}
	if !s.has(p) {
		field := "os"
		for _, a := range s.Available() {
			if a.OS == p.OS {
				field = "arch"
			}
		}
		return Issued{}, apperr.Invalid(field, "このOSとプロセッサー向けの確認ツールは用意していません。",
			fmt.Sprintf("no checker build for %s/%s", goos, goarch))
	}
	now := s.Now()
	for range 5 {
		code, err := newCode()
		if err != nil {
			return Issued{}, err
		}
		token := rand.Text()
		d := Download{ReservationID: res.ID, CodeHash: Hash(code), TokenHash: Hash(token), OS: p.OS, Arch: p.Arch,
			CreatedAt: now, ExpiresAt: now.Add(Validity)}
		if err := s.Store.SaveCheckerDownload(ctx, d); err != nil {
			if apperr.CodeOf(err) == apperr.Unavailable {
				return Issued{}, err
			}
			s.Log.WarnContext(ctx, "checker download: drawing the code again", "err", err)
			continue
		}
		name := p.FileName(code)
		s.Log.InfoContext(ctx, "checker download issued", "reservation", res.ID, "os", p.OS, "arch", p.Arch)
		return Issued{URL: strings.TrimSuffix(s.PublicURL, "/") + PathPrefix + token + "/" + name,
			FileName: name, ExpiresAt: d.ExpiresAt}, nil
	}
	return Issued{}, fmt.Errorf("checkerdl: no free upload code after 5 draws")
}

// Submit stores a report uploaded with an upload code.
func (s *Service) Submit(ctx context.Context, code string, rep booking.ReadinessReport) (booking.ReadinessReport, error) {
	code = NormalizeCode(code)
	if code == "" {
		return booking.ReadinessReport{}, errUnknownCode
	}
	d, err := s.Store.CheckerDownloadByCode(ctx, Hash(code))
	if apperr.CodeOf(err) == apperr.NotFound {
		return booking.ReadinessReport{}, errUnknownCode
	}
	if err != nil {
		return booking.ReadinessReport{}, err
	}
	return s.Bookings.SubmitReadinessWithCode(ctx, d.ReservationID, rep)
}

var errUnknownCode = apperr.New(apperr.NotFound,
	"この確認ツールの送信コードが見つかりません。ご予約のページから確認ツールをダウンロードし直してください。",
	"unknown upload code; download the checker again from the reservation page")

var codeRE = regexp.MustCompile(`^[` + Alphabet + `]{6}$`)

// NormalizeCode returns code in capitals when it is a well-formed upload
// code, else "".
func NormalizeCode(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !codeRE.MatchString(code) {
		return ""
	}
	return code
}

// Hash is the stored form of a code or a download token.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func newCode() (string, error) {
	b := make([]byte, CodeLength)
	n := big.NewInt(int64(len(Alphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", err
		}
		b[i] = Alphabet[v.Int64()]
	}
	return string(b), nil
}

// ServeHTTP serves GET PathPrefix{token}/{file}: the release build of the
// download, under the name with its code, while the URL is valid.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, PathPrefix)
	token, name, ok := strings.Cut(rest, "/")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !ok || token == "" || len(token) > 64 || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	d, err := s.Store.CheckerDownloadByToken(r.Context(), Hash(token))
	if apperr.CodeOf(err) == apperr.NotFound {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.Log.ErrorContext(r.Context(), "checker download", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	p := Platform{OS: d.OS, Arch: d.Arch}
	code := codeInName(name)
	if code == "" || Hash(code) != d.CodeHash || name != p.FileName(code) {
		http.NotFound(w, r)
		return
	}
	if !s.Now().Before(d.ExpiresAt) {
		http.Error(w, "このダウンロードの URL は有効期限が切れました。ご予約のページからもう一度ダウンロードしてください。", http.StatusGone)
		return
	}
	f, err := os.Open(filepath.Join(s.Dir, p.ReleaseName()))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

var nameRE = regexp.MustCompile(`^soudan-check-([` + Alphabet + `]{6})(?:\.exe)?$`)

func codeInName(name string) string {
	m := nameRE.FindStringSubmatch(name)
	if m == nil {
		return ""
	}
	return m[1]
}
