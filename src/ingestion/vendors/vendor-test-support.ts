import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseCanonicalEvent, type CanonicalEvent } from '../../canonical/canonical-event.schema';
import { unexpectedFailureMessage, type AdapterResult, type Vendor } from './vendor-adapter';

// Shared by the vendor adapters' specs: fixtures from test/fixtures/vendors and the checks every
// adapter result must pass.

const fixturesRoot = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'vendors');

export function fixtureNames(vendor: Vendor): string[] {
  return readdirSync(join(fixturesRoot, vendor))
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
}

export function fixtureText(vendor: Vendor, name: string): string {
  return readFileSync(join(fixturesRoot, vendor, `${name}.json`), 'utf8');
}

export function fixture(vendor: Vendor, name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(vendor, name)) as Record<string, unknown>;
}

/** The events of a result, each re-validated as a canonical event; fails the test otherwise. */
export function eventsOf(result: AdapterResult): CanonicalEvent[] {
  if (result.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(result)}`);
  expectCanonical(result.events);
  return result.events;
}

export function expectCanonical(events: CanonicalEvent[]): void {
  const ids = new Set<string>();
  for (const event of events) {
    const parsed = parseCanonicalEvent(JSON.parse(JSON.stringify(event)));
    if (parsed.kind !== 'event')
      throw new Error(`not a canonical event: ${JSON.stringify(parsed)} for ${JSON.stringify(event)}`);
    expect(parsed.event).toEqual(event);
    expect(ids.has(event.id)).toBe(false);
    ids.add(event.id);
  }
}

/** What every adapter must satisfy for any input: a result, never a throw, never the safety net. */
export function expectWellFormed(result: AdapterResult): void {
  switch (result.kind) {
    case 'events':
      expect(result.events.length).toBeGreaterThan(0);
      expectCanonical(result.events);
      return;
    case 'invalid':
      expect(result.errors.length).toBeGreaterThan(0);
      for (const error of result.errors) {
        expect(typeof error.path).toBe('string');
        expect(error.message).not.toContain(unexpectedFailureMessage);
      }
      return;
    case 'ignored':
      expect(result.reason.length).toBeGreaterThan(0);
      return;
    case 'ping':
      return;
  }
}

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return { ...record, [head]: replaceAt(record[head as string], rest, replacement) };
  }
  return value;
}

/** A fixture with one to three of its values (or subtrees) replaced by random JSON, or removed. */
export function mutatedFixture(vendor: Vendor, name: string): fc.Arbitrary<unknown> {
  const original = fixture(vendor, name);
  const paths = pathsOf(original);
  const change = fc.record({
    path: fc.constantFrom(...paths),
    value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)),
  });
  return fc
    .array(change, { minLength: 1, maxLength: 3 })
    .map((changes) =>
      changes.reduce<unknown>((body, { path, value }) => replaceAt(body, path, value), original),
    );
}
