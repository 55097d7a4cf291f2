import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { trackChild } from './cleanup';
import { freePort, waitFor } from './ports';

export interface PrivateRedisOptions {
  /** Keep data across stop/start (AOF, fsync always), as production should (README: AOF + noeviction). */
  persistent?: boolean;
}

/**
 * A redis-server of the test's own on a free port, as a child process: stop() is an outage,
 * start() brings it back on the same port. Never the shared Redis on 6379.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly directory: string,
    private readonly options: PrivateRedisOptions,
  ) {}

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'kw-redis-')), options);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const persistence = this.options.persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no'];
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...persistence,
        '--dir',
        this.directory,
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    trackChild(child);
    child.stdout?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8000)),
    );
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8000)),
    );
    this.child = child;
    await waitFor(
      `redis-server on port ${this.port}`,
      async () => {
        if (!this.running) throw new Error(`redis-server exited: ${this.output}`);
        return (await this.ping()) === 'PONG';
      },
      10_000,
      50,
    );
  }

  /** An outage: SIGTERM (clean) or SIGKILL (crash), then wait until the port is closed. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** A short-lived client; fails fast when the server is down. */
  async withClient<T>(work: (client: IORedis) => Promise<T>): Promise<T> {
    const client = new IORedis(this.url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: true,
      connectTimeout: 1000,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await work(client);
    } finally {
      client.disconnect();
    }
  }

  async ping(): Promise<string | undefined> {
    try {
      return await this.withClient((client) => client.ping());
    } catch {
      return undefined;
    }
  }
}
