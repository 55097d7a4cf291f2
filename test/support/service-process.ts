import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { testRedisUrl } from './environment';
import { TEST_WEBHOOK_SECRET } from './signing';

// keepwarm's compiled entrypoints (node dist/main.js, dist/worker.js, dist/all.js, dist/cli.js) as
// child processes, the way operators run them: exit codes, signals and stdout are part of the contract.

export const repositoryRoot = join(__dirname, '..', '..');

export function distEntry(name: 'main' | 'worker' | 'all' | 'cli'): string {
  const path = join(repositoryRoot, 'dist', `${name}.js`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first (npm test does)`);
  return path;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited(): Promise<Exit>;
  /** Waits for the exit, or kills the process and fails after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<Exit>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

export function startProcess(
  entry: 'main' | 'worker' | 'all' | 'cli',
  env: Record<string, string | undefined>,
  args: string[] = [],
): ServiceProcess {
  const child = spawn(process.execPath, [distEntry(entry), ...args], {
    cwd: repositoryRoot,
    // Only what we pass: the suite's own environment must not leak into the contract under test.
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // 'close', not 'exit': it comes after the child's stdout and stderr are drained, so what the
  // process printed last (the configuration error) is in `stderr` when the exit is reported.
  const exit = new Promise<Exit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const waitForExit = async (timeoutMs: number): Promise<Exit> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${entry} did not exit within ${timeoutMs} ms; stderr:\n${stderr}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([exit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited: () => exit,
    waitForExit,
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exit;
      child.kill(signal);
      return waitForExit(timeoutMs);
    },
  };
}

/** Polls `url` until it answers `status` (any status when omitted); fails if the process exits first. */
export async function waitForHttp(
  url: string,
  service: ServiceProcess,
  options: { status?: number; timeoutMs?: number } = {},
): Promise<Response> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null)
      throw new Error(
        `the process exited (${service.child.exitCode}) before ${url} answered:\n${service.stderr()}`,
      );
    try {
      const response = await fetch(url);
      if (options.status === undefined || response.status === options.status) return response;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not answer as expected (${last}); stderr:\n${service.stderr()}`);
}

/** Where a test's processes keep their state: its own database and Redis prefix. */
export interface ProcessSandbox {
  databaseUrl: string;
  queuePrefix: string;
}

/** The environment of a keepwarm process in the sandbox, listening on 127.0.0.1:`port`. */
export function sandboxEnvironment(
  sandbox: ProcessSandbox,
  port: number,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: sandbox.databaseUrl,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: sandbox.queuePrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    MAIL_OUTBOX_DIR: `var/test-outbox/${sandbox.queuePrefix}`,
    ...overrides,
  };
}

/** Starts node dist/main.js on a free port and waits until /health/ready answers `ready`. */
export async function startApiProcess(
  environment: (port: number) => Record<string, string>,
  ready = 200,
): Promise<{ service: ServiceProcess; baseUrl: string }> {
  const port = await freePort();
  const service = startProcess('main', environment(port));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/health/ready`, service, { status: ready });
  } catch (error) {
    await service.stop('SIGKILL');
    throw error;
  }
  return { service, baseUrl };
}
