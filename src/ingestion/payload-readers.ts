import { parseCanonicalEvent, ValidationIssue } from '../canonical/canonical-event.schema';
import type { IncomingEvent } from '../pipeline/pipeline.service';

/** What a payload turned out to be, whichever endpoint it came through. */
export type ReadResult =
  | { kind: 'events'; events: IncomingEvent[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'ping' }
  | { kind: 'invalid'; reason: string; errors: ValidationIssue[] };

export interface ReadContext {
  deliveryId: string | null;
  receivedAt: Date;
}

/** Vendor readers may look people up in the directory, so a reader can be asynchronous. */
export type PayloadReader = (body: unknown, context: ReadContext) => ReadResult | Promise<ReadResult>;

/** The canonical endpoint's reader: one event per delivery. */
export const readCanonical: PayloadReader = (body) => {
  const parsed = parseCanonicalEvent(body);
  if (parsed.kind === 'unknown_type')
    return { kind: 'ignored', reason: `event type ${parsed.type} is not used by keepwarm` };
  if (parsed.kind === 'invalid')
    return { kind: 'invalid', reason: 'schema validation failed', errors: parsed.errors };
  return { kind: 'events', events: [{ event: parsed.event }] };
};
