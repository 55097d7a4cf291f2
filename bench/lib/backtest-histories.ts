import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generatePipeline, type GeneratedEvent } from '../../src/demo/generator';
import { handBuiltFileOrder, toNdjson } from '../../test/support/backtest-history';
import { copyHistory } from './copy-history';

// The histories the backtest's golden reports were recorded on (test/fixtures/backtest/README.md),
// written reproducibly: the demo's pipeline anchored to a fixed "now" instead of the clock.
//
//   npx tsc -p bench/tsconfig.json && node dist-bench/bench/lib/backtest-histories.js [directory]

// src/demo/demo.ts main() generates with these (its constants are not exported) and `now = new Date()`.
export const demoPipeline = { seed: 20261116, applications: 300, weeks: 6 } as const;
/** A Monday, noon UTC: the "now" the demo history is anchored to. */
export const demoAnchor = '2026-11-16T12:00:00.000Z';
export const goldenCopies = 5;
// Files above this are committed gzipped.
const gzipAbove = 1_000_000;

const dayMs = 24 * 3_600_000;

/** The events `npm run demo` would post if it ran at `now`, in the order they happened. */
export function demoHistory(now = new Date(demoAnchor)): GeneratedEvent[] {
  return generatePipeline({
    seed: demoPipeline.seed,
    applications: demoPipeline.applications,
    start: new Date(now.getTime() - demoPipeline.weeks * 7 * dayMs),
    arrivalSpreadDays: demoPipeline.weeks * 7 - 7,
    until: now,
  });
}

export function copiedHistory(copies = goldenCopies): GeneratedEvent[] {
  return copyHistory(demoHistory(), copies);
}

/** Writes `<name>.ndjson`, or `<name>.ndjson.gz` when large; returns the file name. */
function writeHistory(directory: string, name: string, events: readonly unknown[]): string {
  const text = Buffer.from(toNdjson(events));
  if (text.length <= gzipAbove) {
    writeFileSync(join(directory, `${name}.ndjson`), text);
    return `${name}.ndjson (${events.length} events, ${text.length} bytes)`;
  }
  const packed = gzipSync(text, { level: 9 });
  writeFileSync(join(directory, `${name}.ndjson.gz`), packed);
  return `${name}.ndjson.gz (${events.length} events, ${text.length} bytes, ${packed.length} gzipped)`;
}

function main(): void {
  const root = resolve(__dirname, '../../..');
  const directory = resolve(process.argv[2] ?? join(root, 'test/fixtures/backtest'));
  mkdirSync(directory, { recursive: true });
  const written = [
    writeHistory(directory, 'demo', demoHistory()),
    writeHistory(directory, 'hand-built', handBuiltFileOrder),
    writeHistory(directory, `demo-x${goldenCopies}`, copiedHistory()),
  ];
  // The vendor fixtures may change with the adapters; the golden report keeps its own copy.
  const vendorDirectory = join(root, 'test/fixtures/vendors/greenhouse');
  const greenhouseDirectory = join(directory, 'greenhouse');
  mkdirSync(greenhouseDirectory, { recursive: true });
  const bodies = readdirSync(vendorDirectory).filter((name) => name.endsWith('.json'));
  for (const name of bodies) copyFileSync(join(vendorDirectory, name), join(greenhouseDirectory, name));
  written.push(`greenhouse/ (${bodies.length} webhook bodies)`);
  process.stdout.write(`${directory}:\n${written.map((line) => `  ${line}\n`).join('')}`);
}

if (require.main === module) main();
