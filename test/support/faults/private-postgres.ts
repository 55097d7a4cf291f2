import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { onProcessExit } from './cleanup';
import { freePort } from './ports';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries of this machine (Debian layout), or PG_BIN_DIR. */
export function postgresBinDirectory(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join(root, versions[0], 'bin');
}

// root may not run postgres: run its tools as the postgres OS user.
function asPostgresUser(binary: string, args: string[]): [string, string[]] {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function postgresUid(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/**
 * A PostgreSQL cluster of the test's own: initdb into a temporary directory, trust auth, a free port.
 * stop() is an outage (fast shutdown: open connections are terminated), start() brings it back on the
 * same port with the same data. Never the shared PostgreSQL on 5432.
 */
export class PrivatePostgres {
  private removeExitHook: () => void = () => undefined;

  private constructor(
    readonly port: number,
    private readonly directory: string,
    private readonly binDirectory: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const binDirectory = postgresBinDirectory();
    const directory = mkdtempSync(join(tmpdir(), 'kw-pg-'));
    const owner = postgresUid();
    if (owner) chownSync(directory, owner.uid, owner.gid);
    const postgres = new PrivatePostgres(await freePort(), directory, binDirectory);
    postgres.removeExitHook = onProcessExit(() => postgres.stopSync());
    try {
      await postgres.exec('initdb', [
        '-D',
        postgres.dataDirectory,
        '-A',
        'trust',
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--locale',
        'C',
        '--no-sync',
      ]);
      await postgres.start();
    } catch (error) {
      await postgres.destroy();
      throw error;
    }
    return postgres;
  }

  private get dataDirectory(): string {
    return join(this.directory, 'data');
  }

  private get logFile(): string {
    return join(this.directory, 'postgres.log');
  }

  /** A URL for `database` on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const settings = [
      `-p ${this.port}`,
      `-k ${this.directory}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
      '-c shared_buffers=32MB',
    ].join(' ');
    await this.exec('pg_ctl', [
      '-D',
      this.dataDirectory,
      '-l',
      this.logFile,
      '-o',
      settings,
      '-w',
      '-t',
      '30',
      'start',
    ]);
  }

  /** An outage: `fast` terminates sessions and shuts down cleanly, `immediate` is a crash. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDirectory, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  /**
   * A hung server (a network partition, a stalled disk): every process of this cluster is stopped with
   * SIGSTOP, so connections stay open and nothing answers. thaw() resumes them.
   */
  async freeze(): Promise<void> {
    await this.signalAll('SIGSTOP');
  }

  async thaw(): Promise<void> {
    await this.signalAll('SIGCONT');
  }

  private async signalAll(signal: NodeJS.Signals): Promise<void> {
    const postmaster = Number(
      readFileSync(join(this.dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]);
    const children = stdout
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
    for (const pid of [postmaster, ...children]) {
      try {
        process.kill(pid, signal);
      } catch {
        // A backend that just exited.
      }
    }
  }

  async running(): Promise<boolean> {
    try {
      await this.exec('pg_ctl', ['-D', this.dataDirectory, 'status']);
      return true;
    } catch {
      return false;
    }
  }

  async destroy(): Promise<void> {
    await this.thaw().catch(() => undefined);
    if (existsSync(join(this.dataDirectory, 'postmaster.pid'))) {
      await this.stop('immediate').catch(() => undefined);
    }
    this.removeExitHook();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** The server log, for diagnosing a failing test. */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  async query<T extends Record<string, unknown> = Record<string, unknown>>(
    database: string,
    sql: string,
    parameters: unknown[] = [],
  ): Promise<T[]> {
    const client = new Client({ connectionString: this.url(database), connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      return (await client.query<T>(sql, parameters)).rows;
    } finally {
      await client.end();
    }
  }

  private async exec(tool: string, args: string[]): Promise<string> {
    const [command, commandArgs] = asPostgresUser(join(this.binDirectory, tool), args);
    const { stdout } = await run(command, commandArgs, { timeout: 60_000, cwd: this.directory });
    return stdout;
  }

  private stopSync(): void {
    if (!existsSync(join(this.dataDirectory, 'postmaster.pid'))) return;
    const [command, commandArgs] = asPostgresUser(join(this.binDirectory, 'pg_ctl'), [
      '-D',
      this.dataDirectory,
      '-m',
      'immediate',
      '-w',
      'stop',
    ]);
    execFileSync(command, commandArgs, { timeout: 10_000, stdio: 'ignore', cwd: this.directory });
    rmSync(this.directory, { recursive: true, force: true });
  }
}
