import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parseCanonicalEvent } from '../canonical/canonical-event.schema';
import { greenhouseReplayTime, mapGreenhouse } from '../ingestion/vendors';
import type { HistoryEntry } from './backtest-replay';

// A history to replay: NDJSON of canonical events, plain or gzipped (what `export-events` writes, or any ATS export
// mapped to keepwarm's events), or a directory of stored Greenhouse webhook bodies (*.json), each
// placed at its application's last_activity_at like a replay of the live endpoint would.

export interface LoadedHistory {
  entries: HistoryEntry[];
  /** Lines or files not replayed, by reason. */
  skipped: Record<string, number>;
  /** The first few problems, for the operator. */
  problems: string[];
}

const maxProblems = 20;

export async function readHistory(path: string, source = 'canonical'): Promise<LoadedHistory> {
  const info = await stat(path);
  const history: LoadedHistory = { entries: [], skipped: {}, problems: [] };
  if (info.isDirectory()) await readGreenhouseDirectory(path, history);
  else await readNdjson(path, source, history);
  // Stable: events at the same instant keep their order in the history.
  history.entries = history.entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.index - b.index)
    .map(({ entry }) => entry);
  return history;
}

function skip(history: LoadedHistory, reason: string, problem?: string): void {
  history.skipped[reason] = (history.skipped[reason] ?? 0) + 1;
  if (problem && history.problems.length < maxProblems) history.problems.push(problem);
}

async function readNdjson(path: string, source: string, history: LoadedHistory): Promise<void> {
  // A large export is easier to keep and pass around gzipped: *.gz is unpacked on the way in.
  const file = createReadStream(path);
  const input = path.toLowerCase().endsWith('.gz') ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    let body: unknown;
    try {
      body = JSON.parse(line);
    } catch {
      skip(history, 'not JSON', `line ${lineNumber}: not JSON`);
      continue;
    }
    // keepwarm's own updates in an exported log are what the policy under test decides for itself.
    if ((body as { type?: unknown } | null)?.type === 'keepwarm.update_sent') {
      skip(history, "keepwarm's own updates (the policy decides them)");
      continue;
    }
    const parsed = parseCanonicalEvent(body);
    if (parsed.kind === 'event') {
      history.entries.push({ source, at: new Date(parsed.event.occurred_at), event: parsed.event });
    } else if (parsed.kind === 'unknown_type') {
      skip(history, 'unknown event type', `line ${lineNumber}: ignored type ${parsed.type}`);
    } else {
      const detail = parsed.errors.map((error) => `${error.path}: ${error.message}`).join('; ');
      skip(history, 'invalid event', `line ${lineNumber}: ${detail}`);
    }
  }
}

async function readGreenhouseDirectory(path: string, history: LoadedHistory): Promise<void> {
  const files = (await readdir(path)).filter((name) => extname(name).toLowerCase() === '.json').sort();
  for (const name of files) {
    let body: unknown;
    try {
      body = JSON.parse(await readFile(join(path, name), 'utf8'));
    } catch {
      skip(history, 'not JSON', `${name}: not JSON`);
      continue;
    }
    const receivedAt = greenhouseReplayTime(body);
    if (!receivedAt) {
      skip(history, 'no application last_activity_at (no event time)', `${name}: no last_activity_at`);
      continue;
    }
    const result = mapGreenhouse(body, { deliveryId: basename(name, extname(name)), receivedAt });
    if (result.kind === 'events') {
      for (const event of result.events)
        history.entries.push({
          source: 'greenhouse',
          at: new Date(event.occurred_at),
          event,
          vendorPayload: body,
        });
    } else if (result.kind === 'invalid') {
      const detail = result.errors.map((error) => `${error.path}: ${error.message}`).join('; ');
      skip(history, 'invalid payload', `${name}: ${detail}`);
    } else {
      skip(history, result.kind === 'ping' ? 'ping' : 'ignored by the Greenhouse adapter');
    }
  }
}
