import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { CheckStatus, ReadinessSummaryFragment } from '../gql/graphql';
import { mutate, query } from '../api';
import { dayTime, range } from '../format';
import { Loading, Notice, Status, Title, useLoad } from '../ui';
import { browserFamily, detectOS, type OS } from '../device';

graphql(`
  fragment ReadinessSummary on ReadinessReport {
    submittedAt
    source
    overall
    checks {
      id
      status
      summary
    }
  }
`);

const ReadinessDoc = graphql(`
  query ReadinessPage($id: ID!) {
    reservation(id: $id) {
      id
      status
      startsAt
      endsAt
      readiness {
        ...ReadinessSummary
      }
    }
    environmentRules {
      version
      document
    }
  }
`);

const PlatformsDoc = graphql(`
  query CheckerPlatforms {
    checkerPlatforms {
      os
      arch
    }
  }
`);

const DownloadDoc = graphql(`
  mutation ReadinessDownload($id: ID!, $os: String!, $arch: String!) {
    readinessDownload(reservationId: $id, os: $os, arch: $arch) {
      url
      fileName
      expiresAt
    }
  }
`);

const SubmitDoc = graphql(`
  mutation SubmitBrowserReport($id: ID!, $report: ReadinessReportInput!) {
    submitReadinessReport(reservationId: $id, report: $report) {
      ...ReadinessSummary
    }
  }
`);

export const CHECK_STATUS: Record<CheckStatus, string> = { PASS: '問題ありません', WARN: '注意があります', FAIL: '問題があります', UNKNOWN: '確認できませんでした' };

const CHECK_LABEL: Record<string, string> = {
  'browser.current': 'ブラウザのバージョン',
  'camera.present': 'カメラ',
  'microphone.present': 'マイク',
  'screen.size': '画面の大きさ',
};

/** The latest readiness report: verdicts with their summaries, no ids. */
export function ReadinessResult({ report }: { report: ReadinessSummaryFragment | null }) {
  if (!report) return <p>まだ確認の結果はありません。</p>;
  return (
    <div class="readiness">
      <p>
        最新の結果（{dayTime(report.submittedAt)}、{report.source === 'BROWSER' ? 'ブラウザでの確認' : '確認用プログラム'}）：
        <strong>{CHECK_STATUS[report.overall]}</strong>
      </p>
      <ul class="checks">
        {report.checks.map((c) => (
          <li key={c.id} class={`check check-${c.status.toLowerCase()}`}>
            <strong>{CHECK_STATUS[c.status]}</strong>　{CHECK_LABEL[c.id] ? `${CHECK_LABEL[c.id]}：` : ''}
            {c.summary}
          </li>
        ))}
      </ul>
    </div>
  );
}

const OS_NAME: Record<string, string> = { windows: 'Windows', darwin: 'Mac', linux: 'Linux' };
const ARCH_NAME: Record<string, string> = { amd64: 'Intel・AMD（64ビット）', arm64: 'ARM（Apple シリコン、Snapdragon など）' };

/** 接続環境の確認: what is checked and why, the checker download, the browser check. */
export function Readiness() {
  const { params } = useRoute();
  const { data, errors, update } = useLoad(() => query(ReadinessDoc, { id: params.id }), [params.id]);
  const os = detectOS();
  const r = data?.reservation;
  return (
    <>
      <Title>接続環境の確認</Title>
      <p>
        利用規約 第5条により、オンライン職業相談は安全な端末と接続でご利用いただきます。当日つながらないことがないよう、事前に確認してください。確認の結果（問題があるかどうかだけ）がハローワークに送られます。
      </p>
      {!data ? (
        <Loading errors={errors} />
      ) : !r ? (
        <Notice kind="error">このご予約は見つかりませんでした。</Notice>
      ) : (
        <>
          <p>
            ご予約：<a href={`/reservations/${r.id}`}>{range(r.startsAt, r.endsAt)}</a>
          </p>
          <section aria-labelledby="rd-latest">
            <h2 id="rd-latest">最新の確認結果</h2>
            <ReadinessResult report={r.readiness ?? null} />
          </section>
          <BrowserCheck
            reservationId={r.id}
            os={os}
            rules={data.environmentRules}
            onReport={(rep) => update((d) => ({ ...d, reservation: d.reservation && { ...d.reservation, readiness: rep } }))}
          />
          <CheckerDownload reservationId={r.id} os={os} />
        </>
      )}
    </>
  );
}

function CheckerDownload({ reservationId, os }: { reservationId: string; os: OS }) {
  // Loaded on its own: without it the rest of the page still works.
  const platforms = useLoad(() => query(PlatformsDoc, {}), []);
  const mine = (platforms.data?.checkerPlatforms ?? []).filter((p) => p.os === os);
  const [link, setLink] = useState<{ url: string; fileName: string; expiresAt: string }>();
  const [error, setError] = useState('');
  const download = async (arch: string) => {
    setError('');
    const r = await mutate(DownloadDoc, { id: reservationId, os, arch });
    if (r.errors) return setError(r.errors.map((e) => e.message).join(' '));
    setLink(r.data.readinessDownload);
  };
  return (
    <section aria-labelledby="rd-checker">
      <h2 id="rd-checker">パソコン用の確認プログラム</h2>
      <p>
        パソコンをお使いの方は、確認用プログラムで OS の更新、ファイアウォール、ウイルス対策ソフト、ファイル共有ソフト、Zoom のバージョン、インターネット接続をまとめて確認できます。
      </p>
      {mine.length === 0 ? (
        <p>お使いの端末で使える確認用プログラムはありません。上の「ブラウザでの確認」をご利用ください。</p>
      ) : (
        <>
          <p>{OS_NAME[os]} 用をダウンロードして、ダブルクリックで実行してください。結果は自動でハローワークに送られ、このページに表示されます（1日有効です）。</p>
          <div class="actions">
            {mine.map((p) => (
              <button key={p.arch} type="button" class="button secondary" onClick={() => download(p.arch)}>
                {OS_NAME[os]}（{ARCH_NAME[p.arch] ?? p.arch}）用を準備する
              </button>
            ))}
          </div>
          {link && (
            <p>
              <a href={link.url} download={link.fileName} class="button">
                ダウンロード（{link.fileName}）
              </a>
              　有効期限：{dayTime(link.expiresAt)}
            </p>
          )}
        </>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}

interface Check {
  id: string;
  status: CheckStatus;
  summary: string;
}

const worst = (checks: Check[]): CheckStatus => {
  const order: CheckStatus[] = ['FAIL', 'WARN', 'UNKNOWN', 'PASS'];
  return order.find((s) => checks.some((c) => c.status === s)) ?? 'UNKNOWN';
};

async function deviceCheck(kind: 'video' | 'audio'): Promise<Check> {
  const id = kind === 'video' ? 'camera.present' : 'microphone.present';
  const name = kind === 'video' ? 'カメラ' : 'マイク';
  if (!navigator.mediaDevices?.getUserMedia) return { id, status: 'UNKNOWN', summary: `このブラウザでは${name}を確認できません。` };
  try {
    const stream = await navigator.mediaDevices.getUserMedia(kind === 'video' ? { video: true } : { audio: true });
    stream.getTracks().forEach((t) => t.stop());
    return { id, status: 'PASS', summary: `${name}が使えます。` };
  } catch (e) {
    const n = (e as DOMException).name;
    if (n === 'NotAllowedError') return { id, status: 'WARN', summary: `${name}の使用が許可されませんでした。Zoom では許可してください。` };
    return { id, status: 'FAIL', summary: `${name}が見つかりません。` };
  }
}

function browserCheck(document: string): Check {
  const id = 'browser.current';
  let minimum: Record<string, string> = {};
  try {
    minimum = (JSON.parse(document) as { browsers?: Record<string, string> }).browsers ?? {};
  } catch {
    /* no rules: unknown */
  }
  const b = browserFamily(navigator.userAgent);
  const need = b && minimum[b.family];
  if (!b || !need) return { id, status: 'UNKNOWN', summary: 'ブラウザの種類を確認できませんでした。' };
  if (b.major >= Number.parseInt(need, 10)) return { id, status: 'PASS', summary: `${b.label} ${b.major} は新しいバージョンです。` };
  return { id, status: 'WARN', summary: `${b.label} ${b.major} は古いバージョンです。${need} 以上に更新してください。` };
}

function screenCheck(): Check {
  const w = Math.min(window.screen.width, window.screen.height);
  const h = Math.max(window.screen.width, window.screen.height);
  if (w >= 320 && h >= 480) return { id: 'screen.size', status: 'PASS', summary: `画面の大きさ（${w}×${h}）は十分です。` };
  return { id: 'screen.size', status: 'WARN', summary: `画面（${w}×${h}）が小さいため、見づらいことがあります。` };
}

function BrowserCheck({ reservationId, os, rules, onReport }: { reservationId: string; os: OS; rules: { version: string; document: string }; onReport: (r: ReadinessSummaryFragment) => void }) {
  const [consent, setConsent] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!consent) return setError('確認を始めるには、カメラとマイクの確認に同意してください。');
    setError('');
    setBusy(true);
    setStatus('確認しています…');
    const checks = [browserCheck(rules.document), await deviceCheck('video'), await deviceCheck('audio'), screenCheck()];
    const r = await mutate(SubmitDoc, {
      id: reservationId,
      report: { source: 'BROWSER', overall: worst(checks), rulesVersion: rules.version, os, checks },
    });
    setBusy(false);
    if (r.errors) {
      setStatus('');
      return setError(r.errors.map((e) => e.message).join(' '));
    }
    onReport(r.data.submitReadinessReport);
    setStatus(`確認が終わりました。結果：${CHECK_STATUS[r.data.submitReadinessReport.overall]}`);
  };
  return (
    <section aria-labelledby="rd-browser">
      <h2 id="rd-browser">ブラウザでの確認</h2>
      <p>スマートフォンやパソコンのブラウザで、次のことを確認します。</p>
      <ul>
        <li>ブラウザが新しいバージョンか</li>
        <li>カメラとマイクが使えるか（映像や音声は記録も送信もしません。確認後すぐに止めます）</li>
        <li>画面の大きさ</li>
      </ul>
      <label class="checkbox">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
        カメラとマイクの確認に同意します
      </label>
      <button type="button" class="button" onClick={run} disabled={busy}>
        ブラウザで確認する
      </button>
      <Status>{status}</Status>
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}
