// Starts what the browser tests run against: the real server binary (built
// here), on a temporary SQLite database or, with SOUDAN_TEST_MYSQL, a new
// MySQL database; a real SMTP server that keeps every message in a
// directory; and an admin account. Returns the teardown.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CLOCK_START } from './env';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** A MySQL database for this run, from SOUDAN_TEST_MYSQL; returns its DSN and how to drop it. */
function mysqlDatabase(server: string): { dsn: string; drop: () => void } {
  const m = /^mysql:\/\/([^:@/]+)(?::([^@]*))?@tcp\(([^:)]+):(\d+)\)\/?$/.exec(server);
  if (!m) throw new Error(`SOUDAN_TEST_MYSQL must look like mysql://root@tcp(127.0.0.1:3306)/, not ${server}`);
  const [, user, password, host, port] = m;
  const name = `soudan_test_web_${randomBytes(6).toString('hex')}`;
  const args = [`-u${user}`, `-h${host}`, `-P${port}`, ...(password ? [`-p${password}`] : [])];
  const sql = (q: string) => execFileSync('mariadb', [...args, '-e', q], { stdio: 'inherit' });
  sql(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  return {
    dsn: `mysql://${user}${password ? `:${password}` : ''}@tcp(${host}:${port})/${name}`,
    drop: () => sql(`DROP DATABASE IF EXISTS ${name}`),
  };
}

export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'soudan-web-'));
  const bin = join(dir, 'soudan-server');
  execFileSync('go', ['build', '-o', bin, './server'], { cwd: repo, stdio: 'inherit' });

  // SMTP: every message is written to mailDir as <n>.eml with its recipients.
  const mailDir = join(dir, 'mail');
  mkdirSync(mailDir);
  let n = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        writeFileSync(join(mailDir, `${String(++n).padStart(5, '0')}.eml`), `X-Test-To: ${to}\r\n${Buffer.concat(chunks).toString('utf8')}`);
        done();
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise<void>((ok) => smtp.listen(smtpPort, '127.0.0.1', ok));

  // A release directory with Linux builds of the checker (their content does not matter here).
  const checkerDir = join(dir, 'checker');
  mkdirSync(checkerDir);
  for (const arch of ['amd64', 'arm64']) writeFileSync(join(checkerDir, `soudan-check-linux-${arch}`), `checker for linux/${arch}\n`);

  let db = join(dir, 'soudan.db');
  let dropDB = () => {};
  if (process.env.SOUDAN_TEST_MYSQL) {
    const my = mysqlDatabase(process.env.SOUDAN_TEST_MYSQL);
    db = my.dsn;
    dropDB = my.drop;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(bin, [], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      SOUDAN_ADDR: `127.0.0.1:${port}`,
      SOUDAN_DB: db,
      SOUDAN_ENV: 'development',
      SOUDAN_PUBLIC_URL: url,
      SOUDAN_DATA_KEY: randomBytes(32).toString('base64'),
      SOUDAN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}?tls=none`,
      SOUDAN_ADMIN_EMAIL: ADMIN_EMAIL,
      SOUDAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SOUDAN_CLOCK_START: CLOCK_START,
      SOUDAN_CHECKER_DIR: checkerDir,
      SOUDAN_LOG_LEVEL: 'warn',
      // The staff board's test signs out elsewhere and waits for the websocket to end.
      SOUDAN_WS_RECHECK: '1s',
      // The tests sign up and book far more often than a person would.
      SOUDAN_RATE_ANONYMOUS: '10000',
      SOUDAN_RATE_JOBSEEKER: '10000',
      SOUDAN_RATE_STAFF: '10000',
      SOUDAN_RATE_BOOKING: '10000',
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let log = '';
  server.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
    if (process.env.SOUDAN_WEB_SERVER_LOG) process.stderr.write(d);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  process.env.SOUDAN_WEB_URL = url;
  process.env.SOUDAN_WEB_MAIL_DIR = mailDir;

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    await new Promise<void>((ok) => smtp.close(() => ok()));
    dropDB();
    rmSync(dir, { recursive: true, force: true });
  };
}
