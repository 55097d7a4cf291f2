import {
  canonicalDataSchemas,
  isStorableInstant,
  personSchema,
  toIssues,
  type CanonicalEvent,
  type CanonicalEventType,
  type Person,
  type ValidationIssue,
} from '../../canonical/canonical-event.schema';
import { validate } from '../../canonical/validation-messages';

// The contract every vendor adapter fulfils: a pure function from an authenticated vendor payload to
// canonical keepwarm events. Adapters never throw, never do I/O and never read the clock; what they
// cannot know (people's emails, stage names behind ids) comes from optional lookups in the context.

export type Vendor = 'greenhouse' | 'lever' | 'ashby';

export type AdapterResult =
  | { kind: 'events'; deliveryId: string; events: CanonicalEvent[] }
  | { kind: 'ping' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; errors: ValidationIssue[] };

/** keepwarm's people directory (PUT /v1/people/{id}), keyed by vendor user id such as `greenhouse:92913`. */
export interface VendorDirectory {
  findByVendorUserId(vendorUserId: string): Person | undefined;
}

export interface VendorContext {
  /** When keepwarm received the delivery; the event time for vendors that send none. */
  receivedAt: Date;
  directory?: VendorDirectory;
}

/** A canonical event before validation; `key` overrides the default `${deliveryId}:${index}` id. */
export interface EventDraft {
  type: CanonicalEventType;
  data: unknown;
  occurredAt: Date;
  key?: string;
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only, so a payload key such as `constructor` never reaches Object.prototype. */
export function field(record: unknown, key: string): unknown {
  return isRecord(record) && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A vendor id as keepwarm stores it: a non-empty string, or a non-negative integer made a string. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed.length > 0 && trimmed.length <= 2000 ? trimmed : undefined;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

export function textOf(value: unknown, maxLength = 300): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed.slice(0, maxLength).trim() : undefined;
}

export function emailOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = personSchema.shape.email.safeParse(value);
  return parsed.success && parsed.data ? parsed.data : undefined;
}

export function dateOf(value: unknown): Date | undefined {
  let date: Date | undefined;
  if (typeof value === 'string' && value.trim() !== '') date = new Date(value);
  else if (typeof value === 'number' && Number.isFinite(value)) date = new Date(value);
  return date && isValidDate(date) ? date : undefined;
}

/** A real date that keepwarm can store (isStorableInstant): anything else in a payload is no date. */
export function isValidDate(date: unknown): date is Date {
  return date instanceof Date && isStorableInstant(date.getTime());
}

/** Collects what is wrong with an authentic payload, with the vendor's own field paths. */
export class PayloadIssues {
  readonly errors: ValidationIssue[] = [];

  add(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }

  record(value: unknown, path: string): JsonRecord | undefined {
    if (isRecord(value)) return value;
    return this.add(path, value === undefined || value === null ? 'is required' : 'must be an object');
  }

  id(value: unknown, path: string): string | undefined {
    const id = idOf(value);
    if (id !== undefined) return id;
    return this.add(
      path,
      value === undefined || value === null
        ? 'is required'
        : 'must be a non-empty string or a non-negative integer',
    );
  }

  /** Absent is fine; present but malformed is an error. */
  optionalId(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.id(value, path);
  }

  text(value: unknown, path: string): string | undefined {
    const text = textOf(value);
    if (text !== undefined) return text;
    return this.add(
      path,
      value === undefined || value === null ? 'is required' : 'must be a non-empty string',
    );
  }

  optionalText(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.text(value, path);
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

// A vendor user keepwarm's directory does not know is `<vendor>:<user id>` (docs/contract.md), carrying
// whatever name and email the payload gave. With no name at all the id doubles as the name, which
// marks the person as a placeholder (canonical/placeholders.ts).
export function vendorPerson(
  vendor: Vendor,
  userId: string,
  details: { name?: string; email?: string },
  directory?: VendorDirectory,
): Person {
  const vendorUserId = `${vendor}:${userId}`;
  const known = lookUp(directory, vendorUserId);
  if (known) return known;
  const person: Person = { id: vendorUserId, name: details.name ?? vendorUserId };
  if (details.email) person.email = details.email;
  return person;
}

// A job with nobody in a role still needs a person in canonical events. This one is recognisable
// (canonical/placeholders.ts) so the pipeline can keep a better-known recruiter or hiring manager.
export function unassignedPerson(vendor: Vendor): Person {
  const id = `${vendor}:unassigned`;
  return { id, name: id };
}

function lookUp(directory: VendorDirectory | undefined, vendorUserId: string): Person | undefined {
  if (!directory) return undefined;
  try {
    return directory.findByVendorUserId(vendorUserId);
  } catch {
    // A broken lookup must not make the adapter throw; the vendor id is still a valid reference.
    return undefined;
  }
}

/** Validates drafts against the canonical schemas and gives them deterministic ids. */
export function eventsResult(deliveryId: string, drafts: EventDraft[]): AdapterResult {
  const events: CanonicalEvent[] = [];
  const errors: ValidationIssue[] = [];
  const usedIds = new Set<string>();
  drafts.forEach((draft, index) => {
    const parsed = validate(canonicalDataSchemas[draft.type], draft.data);
    if (!parsed.success) {
      errors.push(...toIssues(parsed.issues, `events.${index}.data`));
      return;
    }
    let id = draft.key ?? `${deliveryId}:${index}`;
    if (usedIds.has(id)) id = `${id}:${index}`;
    usedIds.add(id);
    events.push({
      id,
      type: draft.type,
      occurred_at: draft.occurredAt.toISOString(),
      data: parsed.data,
    } as CanonicalEvent);
  });
  if (errors.length > 0) return { kind: 'invalid', errors: errors.slice(0, 50) };
  return { kind: 'events', deliveryId, events };
}

export function invalid(errors: ValidationIssue[]): AdapterResult {
  return { kind: 'invalid', errors: errors.slice(0, 50) };
}

// Last line of defence for totality: an adapter bug must become a quarantined 400, never a 500.
// The property tests assert this message never appears.
export const unexpectedFailureMessage = 'the adapter failed unexpectedly';

export function guarded(map: () => AdapterResult): AdapterResult {
  try {
    return map();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return invalid([{ path: '(root)', message: `${unexpectedFailureMessage}: ${detail.slice(0, 200)}` }]);
  }
}
