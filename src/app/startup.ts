import { ConfigError } from '../config/config-error';

/** Invalid configuration stops the process with a message naming the variable (API.md). */
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
