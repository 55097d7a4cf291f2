import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { trackChild } from './cleanup';
import { sleep, waitFor } from './ports';

export type Entrypoint = 'main' | 'worker' | 'all' | 'cli';

/** Where the compiled service lives: KEEPWARM_DIST, else ./dist (.ci/run builds before the tests). */
export function distDirectory(): string {
  return resolve(process.env.KEEPWARM_DIST ?? join(__dirname, '..', '..', '..', 'dist'));
}

export function assertBuilt(): void {
  const main = join(distDirectory(), 'main.js');
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run \`npm run build\` first (or set KEEPWARM_DIST)`);
  }
}

// Only what a process needs from the test runner's environment; keepwarm's own variables come from the test.
function baseEnvironment(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const out: Record<string, string> = {};
  for (const name of keep) if (process.env[name] !== undefined) out[name] = process.env[name] as string;
  return out;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  milliseconds: number;
}

/** A real keepwarm process (dist/main.js, dist/worker.js, ...) with its output captured. */
export class ServiceProcess {
  readonly child: ChildProcess;
  private stdout = '';
  private stderr = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly entrypoint: Entrypoint,
    readonly env: Record<string, string>,
    args: string[] = [],
    readonly label: string = entrypoint,
  ) {
    this.child = spawn(process.execPath, [join(distDirectory(), `${entrypoint}.js`), ...args], {
      env: { ...baseEnvironment(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trackChild(this.child);
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString('utf8');
      for (const listener of this.listeners) listener();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      for (const listener of this.listeners) listener();
    });
    this.exited = new Promise((done) => this.child.once('exit', (code, signal) => done({ code, signal })));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything the process wrote, stdout then stderr. */
  output(): string {
    return `${this.stdout}${this.stderr}`;
  }

  /** The JSON log lines (pino) the process wrote. */
  logRecords(): Array<Record<string, unknown>> {
    const records: Array<Record<string, unknown>> = [];
    for (const line of this.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        records.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not a log record.
      }
    }
    return records;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      `${this.label} output ${pattern}`,
      () => {
        if (pattern.test(this.output())) return true;
        if (!this.alive) throw new Error(`${this.label} exited:\n${this.tail()}`);
        return false;
      },
      timeoutMs,
      50,
    );
  }

  /** Resolves with the exit once the process ends by itself; rejects after timeoutMs. */
  async waitForExit(timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.label} did not exit within ${timeoutMs} ms:\n${this.tail()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` and measures how long the process takes to exit (SIGKILL after timeoutMs). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<ExitResult> {
    const started = Date.now();
    if (this.alive) this.child.kill(signal);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const result = await this.exited;
    clearTimeout(killer);
    return { ...result, milliseconds: Date.now() - started };
  }

  /** The last lines of output, for failure messages. */
  tail(lines = 40): string {
    return this.output().split('\n').slice(-lines).join('\n');
  }
}

/** An API process: waits until /health/live answers. */
export async function startApiProcess(
  env: Record<string, string>,
  entrypoint: 'main' | 'all' = 'main',
  label: string = entrypoint,
): Promise<{ process: ServiceProcess; baseUrl: string }> {
  assertBuilt();
  const processHandle = new ServiceProcess(entrypoint, { HOST: '127.0.0.1', ...env }, [], label);
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  try {
    await waitFor(
      `${label} to listen on ${baseUrl}`,
      async () => {
        if (!processHandle.alive) throw new Error(`${label} exited:\n${processHandle.tail()}`);
        const response = await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(1000) });
        return response.ok;
      },
      30_000,
      100,
    );
  } catch (error) {
    await processHandle.stop('SIGKILL');
    throw error;
  }
  return { process: processHandle, baseUrl };
}

// The worker has no HTTP server: it is up once it logged its start-up line (after its database
// connection and its processors) and its BullMQ workers had a moment to open their connections.
const workerReadyPattern = /keepwarm worker running/;

/** A worker process, resolved once it is up. */
export async function startWorkerProcess(
  env: Record<string, string>,
  label = 'worker',
  readyPattern: RegExp = workerReadyPattern,
): Promise<ServiceProcess> {
  assertBuilt();
  const worker = new ServiceProcess('worker', env, [], label);
  try {
    await worker.waitForOutput(readyPattern, 30_000);
    await sleep(500);
    if (!worker.alive) throw new Error(`${label} exited at start:\n${worker.tail()}`);
  } catch (error) {
    await worker.stop('SIGKILL');
    throw error;
  }
  return worker;
}
