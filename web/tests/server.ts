// The real server binary as the browser tests run it: started on a given
// address, database and clock, stopped with SIGTERM and started again on the
// same address and database. The global setup runs the shared one; a test
// that needs a clock or a restart of its own starts a dedicated one with
// dedicatedServer, on the same binary and SMTP server.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './env';

export function freePort(): Promise<number> {
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
export function mysqlDatabase(server: string): { dsn: string; drop: () => void } {
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

export interface ServerConfig {
  bin: string;
  /** Working and home directory. */
  dir: string;
  /** SOUDAN_DB: a SQLite file or a MySQL DSN. */
  db: string;
  port: number;
  dataKey: string;
  smtpURL: string;
  checkerDir: string;
}

/** One server process at a time on a fixed address and database. */
export class TestServer {
  readonly url: string;
  private proc: ChildProcess | null = null;
  private log = '';

  constructor(readonly cfg: ServerConfig) {
    this.url = `http://127.0.0.1:${cfg.port}`;
  }

  /** Starts the server with its clock at clock (RFC 3339) and waits until it is ready. */
  async start(clock: string): Promise<void> {
    if (this.proc) throw new Error('the server is already running');
    const c = this.cfg;
    const proc = spawn(c.bin, [], {
      cwd: c.dir,
      env: {
        PATH: process.env.PATH,
        HOME: c.dir,
        SOUDAN_ADDR: `127.0.0.1:${c.port}`,
        SOUDAN_DB: c.db,
        SOUDAN_ENV: 'development',
        SOUDAN_PUBLIC_URL: this.url,
        SOUDAN_DATA_KEY: c.dataKey,
        SOUDAN_SMTP_URL: c.smtpURL,
        SOUDAN_ADMIN_EMAIL: ADMIN_EMAIL,
        SOUDAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SOUDAN_CLOCK_START: clock,
        SOUDAN_CHECKER_DIR: c.checkerDir,
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
    this.proc = proc;
    this.log = '';
    proc.stderr!.on('data', (d: Buffer) => {
      this.log += d.toString();
      if (process.env.SOUDAN_WEB_SERVER_LOG) process.stderr.write(d);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`the server exited:\n${this.log}`);
      try {
        const r = await fetch(`${this.url}/readyz`);
        if (r.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`the server did not start:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Stops the server with SIGTERM and waits for the process to end. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = null;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
  }
}

/**
 * A server of its own for one test, on the shared binary and SMTP server,
 * with a new database (SQLite, or MySQL with SOUDAN_TEST_MYSQL). Its
 * address, database and data key stay the same across restarts, and
 * another() is a second instance on the same database.
 */
export async function dedicatedServer(): Promise<{ server: TestServer; another: () => Promise<TestServer>; close: () => Promise<void> }> {
  const bin = process.env.SOUDAN_WEB_BIN!;
  const dir = mkdtempSync(join(process.env.SOUDAN_WEB_TMP ?? tmpdir(), 'dedicated-'));
  let db = join(dir, 'soudan.db');
  let drop = () => {};
  if (process.env.SOUDAN_TEST_MYSQL) ({ dsn: db, drop } = mysqlDatabase(process.env.SOUDAN_TEST_MYSQL));
  const base = {
    bin,
    dir,
    db,
    dataKey: randomBytes(32).toString('base64'),
    smtpURL: process.env.SOUDAN_WEB_SMTP_URL!,
    checkerDir: process.env.SOUDAN_WEB_CHECKER_DIR!,
  };
  const all: TestServer[] = [];
  const make = async () => {
    const s = new TestServer({ ...base, port: await freePort() });
    all.push(s);
    return s;
  };
  const server = await make();
  return {
    server,
    another: make,
    close: async () => {
      for (const s of all) await s.stop();
      drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
