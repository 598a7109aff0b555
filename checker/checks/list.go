package checks

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"

	"soudan/checker/probe"
	"soudan/checker/report"
)

// All returns every check in report order.
func All() []Check {
	return []Check{
		{ID: "os.supported", Run: runOSSupported, Explain: report.Text{
			JA: "OSの種類とバージョンを読み、ルールのサポート期限表とくらべます。Windows：レジストリ HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion の CurrentBuildNumber・UBR・DisplayVersion・EditionID（ProductName は使いません）。macOS：sw_vers。Linux：/etc/os-release。サポートが終わったOSには、セキュリティの修正が来ないからです。",
			EN: "Reads the OS and version and compares it with the rules' end-of-life table. Windows: registry HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion CurrentBuildNumber, UBR, DisplayVersion, EditionID (never ProductName). macOS: sw_vers. Linux: /etc/os-release ID and VERSION_ID. An OS out of support gets no security fixes."}},
		{ID: "os.patched", Run: runOSPatched, Explain: report.Text{
			JA: "最新のセキュリティ更新が入っているかを見ます。Windows：UBR をルールの最新値（1か月の猶予）とくらべます。macOS：バージョンをルールの最新バージョンとくらべます。Linux：apt list --upgradable のセキュリティ更新の数と /var/run/reboot-required。",
			EN: "Checks that the latest security patches are installed. Windows: UBR against the rules' newest UBR for the build (one month of grace). macOS: version against the newest for that major. Linux: security updates in `apt list --upgradable` and /var/run/reboot-required."}},
		{ID: "firewall.enabled", Run: runFirewall, Explain: report.Text{
			JA: "ファイアウォールが有効かを見ます。Windows：レジストリの EnableFirewall（グループポリシー、MDM の FirewallPolicy\\Mdm、ローカルの順）、それで確かめられないときは HNetCfg.FwPolicy2 でいまのプロファイルの実際の状態と、Security Center のファイアウォール製品。macOS：socketfilterfw --getglobalstate か system_profiler SPFirewallDataType。Linux：ufw.conf と systemctl is-active ufw/firewalld/nftables。",
			EN: "Checks that a personal firewall is on. Windows: registry EnableFirewall (Group Policy, then MDM FirewallPolicy\\Mdm, then local); when that does not prove it on, the effective state of the current profile from HNetCfg.FwPolicy2 and Security Center FirewallProduct. macOS: socketfilterfw --getglobalstate or system_profiler SPFirewallDataType (allow_all means off). Linux: /etc/ufw/ufw.conf plus systemctl is-active ufw, firewalld, nftables."}},
		{ID: "antivirus.active", Run: runAntivirus, Explain: report.Text{
			JA: "ウイルス対策ソフトが有効で最新かを見ます。Windows：WMI root\\SecurityCenter2 AntiVirusProduct の productState（1回だけ問い合わせます）。macOS：/var/protected/xprotect の XProtect のバージョン（または xprotect version）と、許可されたアプリ。Linux：clamd と /var/lib/clamav/daily.c?d の日付。XProtect と ClamAV が「有償版相当」に当たるかはルールの設定によります。",
			EN: "Checks that antivirus is on and current. Windows: WMI root\\SecurityCenter2 AntiVirusProduct productState (queried once) and the rules' allowlist. macOS: the live XProtect bundle in /var/protected/xprotect (or `xprotect version`) and allowlisted apps. Linux: clamd running and the age of /var/lib/clamav/daily.c?d. Whether XProtect or ClamAV counts as paid-grade is the rules' antivirus.paidEquivalent."}},
		{ID: "p2p.absent", Run: runP2P, Explain: report.Text{
			JA: "ファイル共有ソフト（P2P）がインストールされていないか、動いていないかを見ます。実行ファイル名をルールの名前と完全一致でくらべます（ShareX や SharePoint は対象外）。",
			EN: "Looks for file-sharing software among installed packages/apps and running processes, by exact executable or package name from the rules (ShareX and SharePoint do not match \"Share\")."}},
		{ID: "apps.unneeded", Run: runRemote, Explain: report.Text{
			JA: "遠隔操作ソフトやZoom以外の会話ソフトが動いていないかを、プロセス名の完全一致で見ます。",
			EN: "Looks for running remote-control and other messaging tools by exact process name."}},
		{ID: "recording.absent", Run: runRecorders, Explain: report.Text{
			JA: "録画ソフトが動いていないかを、プロセス名の完全一致で見ます。オンライン職業相談の録画は利用規約で禁止されているからです（第12条(2)）。",
			EN: "Looks for running screen recorders by exact process name; recording the session is not allowed."}},
		{ID: "network.secure", Run: runWiFi, Explain: report.Text{
			JA: "いまのWi-Fiの暗号を見ます（SSIDは記録しません）。Windows：wlanapi WlanQueryInterface。macOS：system_profiler SPAirPortDataType -json。Linux：nmcli。",
			EN: "Reads the security of the current Wi-Fi connection (never the SSID). Windows: wlanapi WlanQueryInterface. macOS: system_profiler SPAirPortDataType -json. Linux: nmcli -t -f ACTIVE,SSID,SECURITY dev wifi."}},
		{ID: "network.reachable", Run: runReach, Explain: report.Text{
			JA: "zoom.us:443 とハローワークのサーバーにTCPで短く接続してみます。",
			EN: "Opens a short TCP connection to zoom.us:443 and the office server."}},
		{ID: "zoom.installed", Run: runZoom, Explain: report.Text{
			JA: "Zoomがインストールされていて、ルールの最低バージョン以上かを見ます。Windows：%APPDATA%\\Zoom\\bin と %ProgramFiles%\\Zoom\\bin の Zoom.exe のファイルバージョン、なければアンインストール情報（Zoom Rooms と Outlook プラグインは除きます）。macOS：/Applications と ~/Applications の zoom.us.app。Linux：dpkg、flatpak us.zoom.Zoom、/opt/zoom。",
			EN: "Checks that Zoom is installed at the rules' minimum version. Windows: the file version of Zoom.exe in %APPDATA%\\Zoom\\bin or %ProgramFiles%\\Zoom\\bin, else the Uninstall entries by DisplayName (not Zoom Rooms or the Outlook plug-in; a build in the third field compares major.minor). macOS: zoom.us.app in /Applications or ~/Applications. Linux: dpkg, flatpak us.zoom.Zoom, /opt/zoom."}},
		{ID: "browser.current", Run: runBrowsers, Explain: report.Text{
			JA: "Chrome・Edge・Firefox・Safari のバージョンをルールとくらべます。",
			EN: "Compares Chrome, Edge, Firefox and Safari versions with the rules' minimums (registry BLBeacon / EdgeUpdate, app bundles, --version)."}},
		{ID: "camera.present", Run: runCamera, Explain: report.Text{
			JA: "カメラがあるかを見ます。Windows：WMI Win32_PnPEntity（Camera/Image）と、プライバシー設定 ConsentStore\\webcam と ConsentStore\\webcam\\NonPackaged（HKCU と HKLM のどれかが Deny なら使えません）。macOS：system_profiler SPCameraDataType。Linux：/sys/class/video4linux。",
			EN: "Checks for a web camera. Windows: WMI Win32_PnPEntity PNPClass Camera/Image and the privacy settings ConsentStore\\webcam and ConsentStore\\webcam\\NonPackaged (Deny in either, HKCU or HKLM, blocks desktop apps). macOS: system_profiler SPCameraDataType -json. Linux: /sys/class/video4linux/*/name."}},
	}
}

// Find returns the check with id.
func Find(id string) (Check, bool) {
	for _, c := range All() {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

func runOSSupported(ctx context.Context, d Deps) report.Result {
	os, err := d.Host.OS(ctx)
	if err != nil {
		return fromErr("os.supported", err)
	}
	return EvalOSSupported(d.Rules, os, d.Now)
}

func runOSPatched(ctx context.Context, d Deps) report.Result {
	os, err := d.Host.OS(ctx)
	if err != nil {
		return fromErr("os.patched", err)
	}
	if os.Product == "windows" || os.Product == "macos" {
		return EvalOSPatched(d.Rules, os, nil, d.Now)
	}
	p, err := d.Host.Patches(ctx)
	if err != nil {
		return fromErr("os.patched", err)
	}
	return EvalOSPatched(d.Rules, os, &p, d.Now)
}

func runFirewall(ctx context.Context, d Deps) report.Result {
	f, err := d.Host.Firewall(ctx)
	if err != nil {
		return fromErr("firewall.enabled", err)
	}
	return EvalFirewall(f)
}

func runAntivirus(ctx context.Context, d Deps) report.Result {
	av, err := d.Host.Antivirus(ctx)
	if err != nil {
		return fromErr("antivirus.active", err)
	}
	goos := d.GOOS
	if goos == "" {
		goos = runtime.GOOS
	}
	return EvalAntivirus(d.Rules, goos, av, d.Now)
}

func runP2P(ctx context.Context, d Deps) report.Result {
	running, err := d.Host.Running(ctx)
	if err != nil {
		return fromErr("p2p.absent", err)
	}
	sw, err := d.Host.Installed(ctx)
	r := EvalP2P(d.Rules, sw, running)
	if err != nil && r.Status == report.Pass {
		// Running processes are clean, but installed software is unproven.
		u := fromErr("p2p.absent", err)
		u.Evidence = "no P2P process running; installed software unreadable: " + err.Error()
		return u
	}
	return r
}

func runRemote(ctx context.Context, d Deps) report.Result {
	running, err := d.Host.Running(ctx)
	if err != nil {
		return fromErr("apps.unneeded", err)
	}
	return EvalRunning(d.Rules.RemoteControl, running, "Remote-control or messaging software", "遠隔操作や会話のソフト")
}

func runRecorders(ctx context.Context, d Deps) report.Result {
	running, err := d.Host.Running(ctx)
	if err != nil {
		return fromErr("recording.absent", err)
	}
	return EvalRunning(d.Rules.Recorders, running, "Recording software", "録画ソフト")
}

func runWiFi(ctx context.Context, d Deps) report.Result {
	sec, err := d.Host.WiFi(ctx)
	if errors.Is(err, probe.ErrLocationDenied) {
		return EvalWiFiLocationDenied()
	}
	if err != nil {
		return fromErr("network.secure", err)
	}
	return EvalWiFi(sec)
}

func runReach(ctx context.Context, d Deps) report.Result {
	targets := append([]string(nil), d.Rules.Reachability.Targets...)
	if a := serverAddr(d.Server); a != "" {
		targets = append(targets, a)
	}
	timeout := time.Duration(d.Rules.Reachability.TimeoutMillis) * time.Millisecond
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := map[string]error{}
	for _, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			err := d.Host.Reach(c, t)
			mu.Lock()
			errs[t] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	return EvalReach(errs)
}

func runZoom(ctx context.Context, d Deps) report.Result {
	z, err := d.Host.Zoom(ctx)
	if err != nil {
		return fromErr("zoom.installed", err)
	}
	return EvalZoom(d.Rules, z)
}

func runBrowsers(ctx context.Context, d Deps) report.Result {
	b, err := d.Host.Browsers(ctx)
	if err != nil {
		return fromErr("browser.current", err)
	}
	return EvalBrowsers(d.Rules, b)
}

func runCamera(ctx context.Context, d Deps) report.Result {
	c, err := d.Host.Camera(ctx)
	if err != nil {
		return fromErr("camera.present", err)
	}
	return EvalCamera(c)
}

var _ probe.Collector = probe.Host{}
