// Starts what the browser tests run against: the real server binary (built
// here), on a temporary SQLite database or, with SOUDAN_TEST_MYSQL, a new
// MySQL database; a real SMTP server that keeps every message in a
// directory; and an admin account. Returns the teardown.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { CLOCK_START } from './env';
import { TestServer, freePort, mysqlDatabase } from './server';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

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

  const smtpURL = `smtp://127.0.0.1:${smtpPort}?tls=none`;
  const server = new TestServer({ bin, dir, db, port: await freePort(), dataKey: randomBytes(32).toString('base64'), smtpURL, checkerDir });
  await server.start(CLOCK_START);
  const url = server.url;

  process.env.SOUDAN_WEB_URL = url;
  process.env.SOUDAN_WEB_MAIL_DIR = mailDir;
  // What a test needs to start a server of its own (tests/server.ts).
  process.env.SOUDAN_WEB_BIN = bin;
  process.env.SOUDAN_WEB_TMP = dir;
  process.env.SOUDAN_WEB_SMTP_URL = smtpURL;
  process.env.SOUDAN_WEB_CHECKER_DIR = checkerDir;

  return async () => {
    await server.stop();
    await new Promise<void>((ok) => smtp.close(() => ok()));
    dropDB();
    rmSync(dir, { recursive: true, force: true });
  };
}
