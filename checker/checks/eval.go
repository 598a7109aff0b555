package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	version "github.com/hashicorp/go-version"

	"soudan/checker/probe"
	"soudan/checker/report"
	"soudan/checker/rules"
)

const day = 24 * time.Hour

// maxListsAge is how old package lists may be before "nothing pending"
// stops being evidence.
const maxListsAge = 7 * day

// EvalOSSupported checks the OS against the end-of-life table.
func EvalOSSupported(r rules.Rules, os probe.OSInfo, now time.Time) report.Result {
	edition := ""
	if os.Product == "windows" {
		edition = r.WindowsEditions[os.Edition]
		if edition == "" {
			return res(report.Unknown, "Windowsのエディションがわかりません。", "Unknown Windows edition.",
				fmt.Sprintf("windows build %d edition %q not in rules", os.Build, os.Edition), "当ハローワークにお問い合わせください。", "Please ask the staff.")
		}
	}
	var row *rules.EOL
	for i, e := range r.EndOfLife {
		if e.Product == os.Product && e.Release == os.Release && (e.Edition == "" || e.Edition == edition) {
			row = &r.EndOfLife[i]
			break
		}
	}
	if row == nil {
		return res(report.Unknown, "このOSのサポート期限がルールにありません。", "This OS is not in the support table.",
			fmt.Sprintf("%s %s not in rules", os.Product, os.Release), "サポートされているOSを使ってください。わからないときは当ハローワークにお問い合わせください。", "Use a supported OS, or ask the staff.")
	}
	ev := fmt.Sprintf("%s (%s %s)", row.Name, os.Product, os.Version)
	upgrade := []string{"新しいOSにアップグレードしてください。", "Upgrade to a supported OS version."}
	switch {
	case row.End.IsZero() || now.Before(row.End.Time):
		if !row.End.IsZero() {
			ev += "; security support until " + row.End.Format(time.DateOnly)
		}
		return res(report.Pass, "OSはサポート期間中です。", "The OS is supported.", ev)
	case !row.ExtendedEnd.IsZero() && now.Before(row.ExtendedEnd.Time):
		ev += fmt.Sprintf("; standard support ended %s, extended (%s) until %s", row.End.Format(time.DateOnly), row.ExtendedKind, row.ExtendedEnd.Format(time.DateOnly))
		if row.ExtendedKind == "esu" {
			return res(report.Unknown, "OSの通常サポートは終わりました。延長サポート（ESU）に加入しているか確認できません。",
				"Standard support has ended; Extended Security Updates enrolment cannot be verified.", ev,
				"新しいOSにアップグレードしてください。ESUに加入している場合は、当ハローワークにお伝えください。", "Upgrade, or tell the staff that this PC is enrolled in ESU.")
		}
		return res(report.Warn, "OSの通常サポートは終わりました。長期サポート（LTS）の期間です。", "Standard support has ended; only long-term support remains.", ev, upgrade...)
	}
	ev += "; support ended " + row.End.Format(time.DateOnly)
	if !row.ExtendedEnd.IsZero() {
		ev = strings.TrimSuffix(ev, row.End.Format(time.DateOnly)) + row.ExtendedEnd.Format(time.DateOnly)
	}
	return res(report.Fail, "OSのサポートが終わっています。", "The OS is no longer supported.", ev, upgrade...)
}

// EvalOSPatched checks the patch level: Windows UBR and macOS version
// against the rules; Linux pending security updates.
func EvalOSPatched(r rules.Rules, os probe.OSInfo, p *probe.PatchInfo, now time.Time) report.Result {
	update := []string{"OSのアップデートをして、パソコンを再起動してください。", "Install the OS updates and restart."}
	switch os.Product {
	case "windows":
		cutoff := now.Add(-time.Duration(r.PatchGraceDays) * day)
		need, newest := -1, -1
		for _, u := range r.WindowsUBR {
			if u.Build != os.Build {
				continue
			}
			newest = max(newest, u.UBR)
			if !u.Released.After(cutoff) {
				need = max(need, u.UBR)
			}
		}
		if need < 0 {
			return res(report.Unknown, "このバージョンの最新の更新がルールにありません。", "No patch level for this build in the rules.",
				fmt.Sprintf("build %d not in rules", os.Build), "当ハローワークにお問い合わせください。", "Please ask the staff.")
		}
		ev := fmt.Sprintf("build %d.%d, required ≥ %d.%d, newest %d.%d", os.Build, os.UBR, os.Build, need, os.Build, newest)
		if os.UBR >= need {
			return res(report.Pass, "最新のセキュリティ更新がインストールされています。", "Security updates are current.", ev)
		}
		return res(report.Fail, "セキュリティ更新がインストールされていません。", "Security updates are missing.", ev, update...)
	case "macos":
		latest, ok := r.MacOSLatest[os.Release]
		if !ok {
			return res(report.Unknown, "このmacOSの最新版がルールにありません。", "No newest version for this macOS in the rules.",
				"macOS "+os.Release+" not in rules", "当ハローワークにお問い合わせください。", "Please ask the staff.")
		}
		have, err := version.NewVersion(os.Version)
		if err != nil {
			return unknown("os.patched", "unreadable macOS version")
		}
		ev := fmt.Sprintf("macOS %s, newest %s", os.Version, latest)
		if have.GreaterThanOrEqual(version.Must(version.NewVersion(latest))) {
			return res(report.Pass, "最新のセキュリティ更新がインストールされています。", "Security updates are current.", ev)
		}
		return res(report.Fail, "macOSが最新ではありません。", "macOS is not up to date.", ev, update...)
	}
	if p == nil {
		return res(report.Unknown, "更新の状態を確認できません。", "Cannot tell whether updates are installed.",
			"no package manager supported for "+os.Product, "OSのアップデートをしてください。", "Install the OS updates.")
	}
	ev := fmt.Sprintf("%s: %d security updates pending, %d other", p.Method, p.SecurityUpdates, p.OtherUpdates)
	if p.RebootRequired {
		ev += ", reboot required"
	}
	switch {
	case p.SecurityUpdates > 0:
		return res(report.Fail, "セキュリティ更新がインストールされていません。", "Security updates are pending.", ev, update...)
	case p.RebootRequired:
		return res(report.Fail, "更新のあと、再起動が必要です。", "A restart is needed to finish updating.", ev, "パソコンを再起動してください。", "Restart the PC.")
	}
	if p.ListsUpdated.IsZero() || now.Sub(p.ListsUpdated) > maxListsAge {
		age := "unknown age"
		if !p.ListsUpdated.IsZero() {
			age = fmt.Sprintf("%d days old", int(now.Sub(p.ListsUpdated)/day))
		}
		return res(report.Unknown, "更新の情報が古いので、最新かどうかわかりません。", "The package lists are too old to prove the OS is up to date.",
			ev+"; package lists "+age, "「sudo apt update && sudo apt upgrade」を実行してください。", "Run `sudo apt update && sudo apt upgrade`.")
	}
	return res(report.Pass, "待っているセキュリティ更新はありません。", "No security updates pending.",
		ev+fmt.Sprintf("; package lists refreshed %s", p.ListsUpdated.Format(time.DateOnly)))
}

// EvalFirewall turns a firewall probe into a result.
func EvalFirewall(f probe.FirewallInfo) report.Result {
	ev := f.Method + ": " + f.Detail
	switch f.State {
	case probe.FirewallOn:
		return res(report.Pass, "ファイアウォールは有効です。", "The firewall is on.", ev)
	case probe.FirewallOff:
		return res(report.Fail, "ファイアウォールが無効です。", "The firewall is off.", ev,
			"設定でファイアウォールを「オン」にしてください。", "Turn the firewall on in the system settings.")
	}
	return res(report.Unknown, "ファイアウォールが有効か確認できません。", "Cannot prove the firewall is on.", ev,
		"ファイアウォールを有効にしてください。わからないときは当ハローワークにお問い合わせください。", "Turn a firewall on, or ask the staff.")
}

// EvalAntivirus evaluates Security Center products (Windows), XProtect and
// allowlisted apps (macOS), or ClamAV (Linux).
func EvalAntivirus(r rules.Rules, goos string, av probe.AVInfo, now time.Time) report.Result {
	fixInstall := []string{"許可されたウイルス対策ソフトをインストールして、有効にしてください。", "Install and turn on an approved antivirus product."}
	switch goos {
	case "windows":
		if len(av.Products) == 0 {
			return res(report.Fail, "ウイルス対策ソフトが見つかりません。", "No antivirus product is registered.", "Security Center: none", fixInstall...)
		}
		var problems []string
		for _, p := range av.Products {
			s := probe.DecodeProductState(p.ProductState)
			allowed := containsFold(r.Antivirus.Windows, p.Name)
			if s.Microsoft && !r.Antivirus.AllowMicrosoftDefender {
				allowed = false
			}
			switch {
			case !allowed:
				problems = append(problems, "not on allowlist: "+p.Name)
			case s.On && !s.OutOfDate:
				return res(report.Pass, "ウイルス対策ソフトは有効で、最新です。", "Antivirus is on and up to date.",
					fmt.Sprintf("%s: on, signatures up to date (0x%06X)", p.Name, p.ProductState))
			case s.On:
				problems = append(problems, p.Name+": signatures out of date")
			case s.Snoozed:
				problems = append(problems, p.Name+": snoozed")
			case s.Expired:
				problems = append(problems, p.Name+": subscription expired")
			default:
				problems = append(problems, p.Name+": off")
			}
		}
		return res(report.Fail, "ウイルス対策ソフトが有効でないか、古いです。", "Antivirus is not on, not current, or not approved.",
			strings.Join(problems, "; "), "ウイルス対策ソフトを有効にして、更新してください。", "Turn on and update an approved antivirus product.")
	case "darwin":
		var apps []string
		for _, a := range av.MacApps {
			if containsFold(r.Antivirus.MacOSApps, a) {
				apps = append(apps, strings.TrimSuffix(a, ".app"))
			}
		}
		if len(apps) > 0 {
			return res(report.Pass, "ウイルス対策ソフトがインストールされています。", "An approved antivirus app is installed.", "app: "+strings.Join(apps, ", "))
		}
		have, err := version.NewVersion(av.XProtect)
		if err != nil {
			return res(report.Unknown, "XProtectのバージョンを確認できません。", "Cannot read the XProtect version.", "XProtect version unreadable", fixInstall...)
		}
		minV := version.Must(version.NewVersion(r.Antivirus.XProtectMinimum))
		ev := fmt.Sprintf("XProtect %s, minimum %s", av.XProtect, r.Antivirus.XProtectMinimum)
		if have.GreaterThanOrEqual(minV) {
			return paidEquivalent(r, "xprotect", "macOSのウイルス対策（XProtect）", "XProtect", ev)
		}
		return res(report.Fail, "macOSのウイルス対策（XProtect）が古いです。", "XProtect is out of date.", ev,
			"macOSのアップデートをしてください。", "Install the macOS updates.")
	case "linux":
		if !av.ClamInstalled {
			return res(report.Fail, "ウイルス対策ソフトが見つかりません。", "No antivirus (ClamAV) found.", "ClamAV not installed",
				"ClamAVをインストールして、clamdとfreshclamを動かしてください。", "Install ClamAV and run clamd and freshclam.")
		}
		if !av.ClamRunning {
			return res(report.Fail, "ウイルス対策ソフトが動いていません。", "The ClamAV daemon is not running.", "clamd not running",
				"clamdを起動してください。", "Start clamd.")
		}
		if av.ClamSigTime.IsZero() {
			return res(report.Unknown, "ウイルス定義の日付がわかりません。", "Cannot read the signature date.", "no daily.cvd/daily.cld", "freshclamを動かしてください。", "Run freshclam.")
		}
		age := now.Sub(av.ClamSigTime)
		ev := fmt.Sprintf("clamd running, signatures %d days old (limit %d)", int(age/day), r.Antivirus.ClamAVMaxAgeDays)
		if age <= time.Duration(r.Antivirus.ClamAVMaxAgeDays)*day {
			return paidEquivalent(r, "clamav", "ウイルス対策ソフト（ClamAV）", "ClamAV", ev)
		}
		return res(report.Fail, "ウイルス定義が古いです。", "Virus signatures are out of date.", ev, "freshclamで定義を更新してください。", "Update the signatures with freshclam.")
	}
	return res(report.Unknown, "このOSでは確認できません。", "Cannot be checked on this OS.", goos)
}

// paidEquivalent is the verdict on free built-in protection that is on and
// current: whether it counts as 「有償版相当」 (Art 5(6)) is the office's
// decision in the rules document (antivirus.paidEquivalent).
func paidEquivalent(r rules.Rules, key, nameJA, nameEN, ev string) report.Result {
	ev += "; paid-equivalent per rules: " + r.Antivirus.PaidEquivalentOf(key)
	switch r.Antivirus.PaidEquivalentOf(key) {
	case rules.PaidYes:
		return res(report.Pass, nameJA+"は有効で、最新です。", nameEN+" is on and up to date.", ev)
	case rules.PaidNo:
		return res(report.Fail, nameJA+"は最新ですが、利用規約の「有償版相当」のウイルス対策ソフトには当たりません。",
			nameEN+" is current but does not count as paid-grade antivirus under the terms.", ev,
			"有償版相当のウイルス対策ソフトをインストールして、有効にしてください。", "Install and turn on a paid-grade antivirus product.")
	}
	return res(report.Warn, nameJA+"は最新です。利用規約の「有償版相当」に当たるかは、ハローワークにご確認ください。",
		nameEN+" is current; ask Hello Work whether it counts as paid-grade antivirus under the terms.", ev,
		"ハローワークにご確認ください。", "Please ask Hello Work.")
}

// EvalP2P fails when installed or running software matches the P2P list.
func EvalP2P(r rules.Rules, sw probe.Software, running []string) report.Result {
	found := union(rules.Match(r.P2P, sw.Names), rules.MatchPackages(r.P2P, sw.Packages), rules.Match(r.P2P, running))
	if len(found) > 0 {
		return res(report.Fail, "ファイル共有ソフト（P2P）があります。", "File-sharing (P2P) software found.",
			"P2P software found: "+strings.Join(found, ", "),
			"ファイル共有ソフトを終了して、アンインストールしてください。", "Quit and uninstall the file-sharing software.")
	}
	return res(report.Pass, "ファイル共有ソフト（P2P）はありません。", "No file-sharing (P2P) software found.", "no P2P rule matched")
}

// EvalRunning warns when running processes match list.
func EvalRunning(list []rules.NameRule, running []string, what, whatJA string) report.Result {
	found := rules.Match(list, running)
	if len(found) > 0 {
		return res(report.Fail, whatJA+"が動いています。", what+" running.", what+" found: "+strings.Join(found, ", "),
			whatJA+"は、相談の前に終了してください。", "Quit it before the session.")
	}
	return res(report.Pass, whatJA+"は動いていません。", "No "+strings.ToLower(what)+" running.", "no rule matched")
}

// EvalWiFi evaluates the security of the current connection.
func EvalWiFi(sec probe.WiFiSecurity) report.Result {
	fix := []string{"パスワード（WPA2かWPA3）のあるWi-Fiか、有線LANで接続してください。", "Use Wi-Fi protected with WPA2 or WPA3, or a wired connection."}
	switch sec {
	case probe.WiFiWired:
		return res(report.Pass, "Wi-Fiを使っていません（有線LANなど）。", "Not on Wi-Fi (wired or other).", "no active Wi-Fi connection")
	case probe.WiFiWPA2, probe.WiFiWPA3:
		return res(report.Pass, "Wi-Fiは安全です。", "The Wi-Fi is secured.", "security: "+string(sec))
	case probe.WiFiOWE:
		return res(report.Warn, "Wi-Fiは暗号化されていますが、誰でも接続できます。", "Encrypted but open Wi-Fi (OWE).", "security: owe", fix...)
	case probe.WiFiWPA:
		return res(report.Warn, "Wi-Fiの暗号が古いです（WPA）。", "The Wi-Fi uses old WPA security.", "security: wpa", fix...)
	case probe.WiFiOpen, probe.WiFiWEP:
		return res(report.Fail, "Wi-Fiが安全ではありません（フリーWi-Fiなど）。", "The Wi-Fi is not secure (open or WEP).", "security: "+string(sec), fix...)
	}
	return res(report.Unknown, "Wi-Fiの安全性がわかりません。", "Cannot tell how the Wi-Fi is secured.", "security: unknown", fix...)
}

// EvalWiFiLocationDenied is the result when Windows (11 24H2 and later)
// withholds the Wi-Fi connection details because desktop apps may not use
// the location.
func EvalWiFiLocationDenied() report.Result {
	return res(report.Unknown,
		"Wi-Fiの安全性を確認できませんでした。Windowsの位置情報の設定で、この確認ツールがWi-Fiの情報を読むことを許可していないためです。",
		"Cannot tell how the Wi-Fi is secured: Windows withholds Wi-Fi details from desktop apps without location access.",
		"WlanQueryInterface(current_connection): ERROR_ACCESS_DENIED (location access for desktop apps off)",
		"設定 > プライバシーとセキュリティ > 位置情報 で「位置情報サービス」と「デスクトップ アプリが位置情報にアクセスできるようにする」をオンにして、もう一度確認してください。位置情報を許可したくないときは、有線LANで接続するか、パスワード（WPA2かWPA3）のあるWi-Fiを使っていることをご自分で確かめて、相談のときにお伝えください。",
		"Open Settings > Privacy & security > Location, turn on Location services and \"Let desktop apps access your location\", and run the check again. Otherwise use a wired connection, or make sure your Wi-Fi uses WPA2 or WPA3 and say so in the session.")
}

// zoomVersionOK compares a Zoom version with the minimum. Zoom writes the
// build number in the third field of some versions (the MSI's DisplayVersion
// 6.7.30439); then only major.minor are compared.
func zoomVersionOK(have, minimum *version.Version) bool {
	hs, ms := have.Segments(), minimum.Segments()
	if len(hs) == 3 && hs[2] >= 1000 {
		for i := 0; i < 2; i++ {
			m := 0
			if i < len(ms) {
				m = ms[i]
			}
			if hs[i] != m {
				return hs[i] > m
			}
		}
		return true
	}
	return have.GreaterThanOrEqual(minimum)
}

// EvalZoom checks that Zoom is installed at the minimum version.
func EvalZoom(r rules.Rules, z probe.AppInfo) report.Result {
	fix := []string{"Zoomを最新バージョンにしてください（https://zoom.us/download）。", "Install or update Zoom from https://zoom.us/download."}
	if !z.Found {
		return res(report.Fail, "Zoomがインストールされていません。", "Zoom is not installed.", "Zoom not found", fix...)
	}
	have, err := version.NewVersion(z.Version)
	if err != nil {
		return res(report.Unknown, "Zoomのバージョンがわかりません。", "Cannot read the Zoom version.", "Zoom found ("+z.Where+"), version unreadable", fix...)
	}
	ev := fmt.Sprintf("Zoom %s (%s), minimum %s", z.Version, z.Where, r.ZoomMinimum)
	if !zoomVersionOK(have, version.Must(version.NewVersion(r.ZoomMinimum))) {
		return res(report.Fail, "Zoomが古いです。", "Zoom is too old.", ev, fix...)
	}
	return res(report.Pass, "Zoomは使えます。", "Zoom is installed and current.", ev)
}

// EvalBrowsers warns about browsers older than the rules' minimum.
func EvalBrowsers(r rules.Rules, apps []probe.AppInfo) report.Result {
	if len(apps) == 0 {
		return res(report.Unknown, "ブラウザーが見つかりません。", "No known browser found.", "no Chrome, Edge, Firefox or Safari found",
			"最新のブラウザーを使ってください。", "Use an up-to-date browser.")
	}
	var old, ok []string
	for _, a := range apps {
		minS, known := r.Browsers[a.Name]
		have, err := version.NewVersion(a.Version)
		if !known || err != nil {
			continue
		}
		if have.Segments()[0] < version.Must(version.NewVersion(minS)).Segments()[0] {
			old = append(old, fmt.Sprintf("%s %s < %s", a.Name, a.Version, minS))
		} else {
			ok = append(ok, a.Name+" "+a.Version)
		}
	}
	switch {
	case len(old) > 0:
		return res(report.Warn, "古いブラウザーがあります。", "A browser is out of date.", strings.Join(old, "; "),
			"ブラウザーを更新してください。", "Update the browser.")
	case len(ok) == 0:
		return res(report.Unknown, "ブラウザーのバージョンがわかりません。", "Cannot read the browser versions.", "versions unreadable")
	}
	return res(report.Pass, "ブラウザーは最新です。", "Browsers are up to date.", strings.Join(ok, "; "))
}

// EvalCamera checks that a camera is present and allowed.
func EvalCamera(c probe.CameraInfo) report.Result {
	if c.Count == 0 {
		return res(report.Fail, "カメラが見つかりません。", "No camera found.", "0 cameras",
			"カメラを接続してください。", "Connect a web camera.")
	}
	if c.Blocked {
		return res(report.Fail, "カメラの使用が設定で止められています。", "Camera access is blocked in the privacy settings.", "privacy setting: deny",
			"設定 > プライバシーとセキュリティ > カメラ で「カメラへのアクセス」と「デスクトップ アプリがカメラにアクセスできるようにする」をオンにしてください。会社や学校のパソコンで変えられないときは、管理している部署にご相談ください。",
			"Open Settings > Privacy & security > Camera and turn on camera access and \"Let desktop apps access your camera\". On a managed PC, ask its administrators.")
	}
	return res(report.Pass, "カメラがあります。", "A camera is available.", strconv.Itoa(c.Count)+" camera(s)")
}

// EvalReach turns connection attempts into a result.
func EvalReach(errs map[string]error) report.Result {
	var bad, good []string
	for addr, err := range errs {
		if err != nil {
			bad = append(bad, addr+": "+reason(err))
		} else {
			good = append(good, addr)
		}
	}
	sort.Strings(bad)
	sort.Strings(good)
	if len(errs) == 0 {
		return unknown("network.reachable", "no targets")
	}
	if len(bad) > 0 {
		return res(report.Fail, "インターネットに接続できません。", "Cannot reach the session servers.", strings.Join(bad, "; "),
			"インターネットの接続を確認してください。", "Check the internet connection.")
	}
	return res(report.Pass, "インターネットに接続できます。", "The session servers are reachable.", "connected: "+strings.Join(good, ", "))
}

// reason classifies a connection error by its type and errno, never by its
// message (Windows words those in the user's language).
func reason(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		return "name lookup failed"
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.As(err, &netErr) && netErr.Timeout() || isErrno(err, timedOutErrnos):
		return "timed out"
	case isErrno(err, refusedErrnos):
		return "connection refused"
	case isErrno(err, unreachableErrnos):
		return "network unreachable"
	}
	return "connection failed"
}

func isErrno(err error, list []error) bool {
	for _, e := range list {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// containsFold reports whether s is in list, comparing names in Unicode NFC
// and without regard to case.
func containsFold(list []string, s string) bool {
	s = probe.NormalizeName(s)
	for _, l := range list {
		if strings.EqualFold(probe.NormalizeName(l), s) {
			return true
		}
	}
	return false
}

func union(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
