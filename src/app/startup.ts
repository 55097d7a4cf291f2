import type { INestApplicationContext } from '@nestjs/common';
import { ConfigError } from '../config/config-error';

/** Invalid configuration stops the process with a message naming the variable (docs/contract.md). */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`keepwarm: ${error.message}\n`);
  } else {
    process.stderr.write(
      `keepwarm: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}

/**
 * Graceful shutdown for the entrypoints: on SIGTERM or SIGINT, close the applications in order (the
 * API first, so it stops taking requests and drains, then the worker), running every shutdown hook,
 * and exit 0; exit 1 if that takes longer than `timeoutMs`. Nest's enableShutdownHooks() runs the
 * same hooks but then re-raises the signal, so the process would end "killed by SIGTERM" (143),
 * which supervisors and `npm start` report as a failure.
 */
export function closeOnSignals(applications: INestApplicationContext[], timeoutMs: number): void {
  let closing = false;
  const shutDown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    const deadline = setTimeout(() => {
      process.stderr.write(`keepwarm: shutdown took longer than ${timeoutMs} ms; exiting\n`);
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    (async () => {
      // close(signal) hands the signal to beforeApplicationShutdown/onApplicationShutdown hooks.
      for (const application of applications)
        await (application as { close(signal?: string): Promise<void> }).close(signal);
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `keepwarm: shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutDown);
  process.once('SIGINT', shutDown);
}
