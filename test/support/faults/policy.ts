import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onProcessExit } from './cleanup';

/** A policy file that lets keepwarm send at any hour of any day, so fault tests do not depend on the clock. */
export function anyTimePolicyFile(overrides: Record<string, unknown> = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'kw-policy-'));
  onProcessExit(() => rmSync(directory, { recursive: true, force: true }));
  const file = join(directory, 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      timezone: 'UTC',
      send_window: { start: '00:00', end: '24:00', business_days_only: false },
      ...overrides,
    }),
  );
  return file;
}
