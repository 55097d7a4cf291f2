import { z } from 'zod';
import {
  envelopeSchema,
  parseCanonicalEvent,
  toIssues,
  ValidationIssue,
} from '../canonical/canonical-event.schema';
import { validate } from '../canonical/validation-messages';
import type { PipelineEvent } from './application-projection';

// One line of `export-events` (NDJSON): the event as stored, plus the source it was stored under.
// `import` reads it back, so the round trip into an empty database reproduces the projection, the
// applications' sources included (keep_warm.sources reads them). keepwarm's own records come back as
// they were: its keep-warm updates (keepwarm.update_sent) and recruiters' actions that count as
// contact, both of source keepwarm. A line without a source (NDJSON from elsewhere, an older export)
// takes the importer's default; a canonical event with a `source` is still a canonical event, so the
// backtest reads an export as it reads any history.

/** The source of what keepwarm records itself. */
export const keepwarmSource = 'keepwarm';

const sourcePattern = /^[A-Za-z0-9_.:-]{1,100}$/;
export const sourceNameRule = 'a source name (letters, digits, _ . : -), e.g. canonical or greenhouse';

export function isSourceName(value: string): boolean {
  return sourcePattern.test(value);
}

const updateSentData = z.object({
  application_id: z.string().trim().min(1).max(2000),
  notification_id: z.string().trim().min(1).max(2000),
});

export function eventLogLine(entry: { source: string; payload: unknown }): string {
  return JSON.stringify({ source: entry.source, ...(entry.payload as object) });
}

export type EventLogLine =
  | { kind: 'event'; source: string; event: PipelineEvent }
  | { kind: 'unknown_type'; type: string }
  | { kind: 'invalid'; errors: ValidationIssue[] };

/** Reads one parsed line: an exported event with its source, or a canonical event of `defaultSource`. */
export function readEventLogLine(body: unknown, defaultSource: string): EventLogLine {
  const named = (body as { source?: unknown } | null)?.source;
  if (named !== undefined && (typeof named !== 'string' || !isSourceName(named)))
    return { kind: 'invalid', errors: [{ path: 'source', message: `must be ${sourceNameRule}` }] };
  const source = named ?? defaultSource;
  if ((body as { type?: unknown } | null)?.type !== 'keepwarm.update_sent') {
    const parsed = parseCanonicalEvent(body);
    return parsed.kind === 'event' ? { kind: 'event', source, event: parsed.event } : parsed;
  }
  // Only keepwarm writes these: one that names another source is not its record.
  if (named !== undefined && named !== keepwarmSource)
    return {
      kind: 'invalid',
      errors: [
        {
          path: 'source',
          message: `keepwarm.update_sent is keepwarm's own record: must be ${keepwarmSource}`,
        },
      ],
    };
  const envelope = validate(envelopeSchema, body);
  if (!envelope.success) return { kind: 'invalid', errors: toIssues(envelope.issues) };
  const data = validate(updateSentData, envelope.data.data ?? {});
  if (!data.success) return { kind: 'invalid', errors: toIssues(data.issues, 'data') };
  return {
    kind: 'event',
    source: keepwarmSource,
    event: {
      id: envelope.data.id,
      type: 'keepwarm.update_sent',
      occurred_at: envelope.data.occurred_at,
      data: data.data,
    },
  };
}
