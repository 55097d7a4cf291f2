import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Client } from 'pg';
import {
  fixture,
  fixtureFiles,
  fixtureText,
  signAshby,
  signGreenhouse,
  signLever,
  SignedDelivery,
  vendorEnv,
  type Json,
  type Vendor,
} from '../e2e/vendor-signing';
import { application, event } from '../support/events';
import { signCanonical } from '../support/signing';
import { startTestApi, TestApi } from '../support/test-app';

// docs/architecture.md, "Reliability rules": bad input gets a clear error, never a 500. Authentic (signed)
// payloads of every shape go through the real HTTP stack of each webhook endpoint: random,
// truncated, deeply nested, huge-string, wrong-type and unicode. Only 200, 400 and 413 may come back,
// and the database stays consistent. FUZZ_RUNS sets the runs per endpoint.

const runs = Number(process.env.FUZZ_RUNS ?? 120);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const deleteKey = Symbol('delete');

type Mutation = [number, unknown];

function nested(depth: number, kind: 'object' | 'array'): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = kind === 'object' ? { a: value } : [value];
  return value;
}

/** A deep structure, built only when used: fast-check prints counterexamples recursively. */
class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'object' | 'array',
  ) {}
  build(): unknown {
    return nested(this.depth, this.kind);
  }
  [fc.toStringMethod](): string {
    return `Deep(${this.kind}, ${this.depth})`;
  }
}

// Values that do not belong: wrong types, hostile strings, deep structures.
const misfit: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 1e308, Number.MAX_SAFE_INTEGER + 2, ''),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\uD800',
    '\u202Eevil',
    'Ünïcødé 名前 🧑‍💻',
    'Robert"); DROP TABLE applications;--',
    'x\r\nBcc: attacker@example.com',
    '<script>alert(1)</script>',
    '2026-02-30T25:61:00Z',
    '9999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
    'not-a-date',
  ),
  fc.integer({ min: 10_000, max: 300_000 }).map((length) => 'é'.repeat(length)),
  fc.integer({ min: 1, max: 3000 }).map((depth) => new Deep(depth, 'object')),
  fc.integer({ min: 1, max: 3000 }).map((depth) => new Deep(depth, 'array')),
  fc.array(fc.string(), { maxLength: 2000 }),
  fc.jsonValue({ maxDepth: 4 }),
);

const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.tuple(
    fc.nat(),
    fc.oneof({ weight: 1, arbitrary: fc.constant<unknown>(deleteKey) }, { weight: 4, arbitrary: misfit }),
  ),
  { minLength: 1, maxLength: 4 },
);

/** Every path to a value inside `value` (objects and arrays), the root included. */
function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
) {
  out.push(prefix);
  // Deeply nested misfits are leaves here: mutating inside them adds nothing.
  if (out.length > 5000 || prefix.length > 12) return out;
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

function mutate(base: unknown, changes: Mutation[], protectedKeys: string[] = []): unknown {
  let document = structuredClone(base);
  for (const [pick, change] of changes) {
    const replacement = change instanceof Deep ? change.build() : change;
    // Protected keys (Lever's signature fields) and the root they live in stay as they are.
    const paths = pathsOf(document).filter((path) =>
      protectedKeys.length === 0 ? true : path.length > 0 && !protectedKeys.includes(String(path[0])),
    );
    if (paths.length === 0) continue;
    const path = paths[pick % paths.length];
    if (path.length === 0) {
      if (replacement !== deleteKey) document = replacement;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Json)[key as string], document);
    const key = path[path.length - 1];
    if (parent === null || typeof parent !== 'object') continue;
    if (replacement === deleteKey) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Json)[key as string];
    } else {
      (parent as Json)[key as string] = replacement;
    }
  }
  return document;
}

/** A raw body: a mutated document, a truncated one, raw garbage, or a body over the 1 MiB limit. */
function bodies(bases: unknown[]): fc.Arbitrary<{ raw: string; document?: unknown }> {
  const base = fc.constantFrom(...bases);
  return fc
    .oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(base, mutations)
          .map(([document, changes]) => ({ document: mutate(document, changes) })),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(base, fc.double({ min: 0, max: 1, noNaN: true })).map(([document, fraction]) => {
          const text = JSON.stringify(document);
          return { raw: text.slice(0, Math.floor(text.length * fraction)) };
        }),
      },
      { weight: 1, arbitrary: fc.jsonValue().map((document) => ({ document })) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => ({ raw })) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 10_000, max: 200_000 })
          .map((depth) => ({ raw: `${'['.repeat(depth)}${']'.repeat(depth)}` })),
      },
      { weight: 1, arbitrary: fc.constant({ raw: JSON.stringify({ big: 'x'.repeat(1024 * 1024 + 10) }) }) },
    )
    .map((generated: { raw?: string; document?: unknown }) => {
      const raw = generated.raw ?? JSON.stringify(generated.document) ?? 'null';
      return printable({ raw, document: generated.document });
    });
}

/** Counterexamples print as the start of their raw body: documents can be thousands of levels deep. */
function printable<T extends { raw: string }>(body: T): T {
  return Object.assign(body, {
    [fc.toStringMethod]: () => `body(${body.raw.length} chars: ${JSON.stringify(body.raw.slice(0, 300))})`,
  });
}

describe('webhook fuzzing', () => {
  let api: TestApi;
  const tally: Record<string, Record<number, number>> = {};

  beforeAll(async () => {
    api = await startTestApi(vendorEnv);
  });

  afterAll(async () => {
    process.stdout.write(`fuzz statuses per endpoint: ${JSON.stringify(tally)}\n`);
    await api?.close();
  });

  async function send(endpoint: string, delivery: SignedDelivery): Promise<number> {
    const response = await api.request({
      method: 'POST',
      url: delivery.url,
      headers: delivery.headers,
      body: delivery.body,
    });
    (tally[endpoint] ??= {})[response.status] = (tally[endpoint][response.status] ?? 0) + 1;
    if (response.status >= 500) {
      // Keep the exact body for a replay: a fuzzer's counterexample is shrunk and printed truncated.
      const file = join(tmpdir(), `keepwarm-fuzz-500-${endpoint}-${Date.now()}.json`);
      writeFileSync(file, JSON.stringify(delivery));
      process.stdout.write(`fuzz: ${endpoint} answered ${response.status}; delivery kept in ${file}\n`);
    }
    if (response.status >= 400) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    return response.status;
  }

  function canonicalBases(): unknown[] {
    const app = application({
      id: 'fz_app',
      candidate: {
        id: 'fz_cand',
        name: 'Fuzz Candidate',
        email: 'fuzz@example.com',
        source: { kind: 'agency', agency_name: 'A', agency_email: 'a@example.com' },
      },
    });
    return [
      event('application.created', { application: app }),
      event('application.stage_changed', { application: app, from_stage: { name: 'Applied' } }),
      event('interview.scheduled', {
        application_id: 'fz_app',
        interview: { id: 'i1', starts_at: '2026-11-20T15:00:00Z' },
      }),
      event('interview.completed', {
        application_id: 'fz_app',
        interview: { id: 'i1', ended_at: '2026-11-20T16:00:00Z' },
      }),
      event('feedback.submitted', {
        application_id: 'fz_app',
        submitted_by: { id: 'hm_1', name: 'M', email: 'm@example.com' },
        from_hiring_manager: true,
        recommendation: 'advance',
      }),
      event('candidate.contacted', { application_id: 'fz_app', direction: 'inbound', channel: 'email' }),
      event('application.update_promised', { application_id: 'fz_app', by: '2026-11-25T17:00:00Z' }),
      event('candidate.competing_offer', { application_id: 'fz_app', deadline: '2026-11-25T17:00:00Z' }),
      event('job.updated', { job: app.job }),
      event('candidate.updated', { candidate: app.candidate }),
      event('candidate.deleted', { candidate_id: 'fz_cand_other' }),
      event('application.rejected', { application_id: 'fz_app' }),
    ];
  }

  it('canonical events: only 200, 400 or 413', async () => {
    const bases = canonicalBases();
    await fc.assert(
      fc.asyncProperty(bodies(bases), fc.boolean(), async (body, freshIds) => {
        // Fresh ids mostly, so that mutations reach the schema instead of the dedupe.
        let raw = body.raw;
        if (freshIds && body.document && typeof body.document === 'object' && !Array.isArray(body.document))
          raw = JSON.stringify({
            ...(body.document as Json),
            id: `fz_${Math.random().toString(36).slice(2)}`,
          });
        const status = await send('canonical', {
          url: '/webhooks/events',
          ...signCanonical(null, { rawBody: raw }),
        });
        expect([200, 400, 413]).toContain(status);
      }),
      { numRuns: runs, seed },
    );
  });

  const vendors: Vendor[] = ['greenhouse', 'lever', 'ashby'];
  for (const vendor of vendors) {
    it(`${vendor} payloads: only 200, 400 or 413`, async () => {
      const bases = fixtureFiles(vendor).map((file) => fixture(vendor, file));
      expect(bases.length).toBeGreaterThan(0);
      const protectedKeys = vendor === 'lever' ? ['token', 'triggeredAt', 'signature'] : [];
      await fc.assert(
        fc.asyncProperty(bodies(bases), mutations, async (body, leverChanges) => {
          let delivery: SignedDelivery;
          let allowed = [200, 400, 413];
          if (vendor === 'greenhouse') delivery = signGreenhouse(body.raw);
          else if (vendor === 'ashby') delivery = signAshby(body.raw);
          else {
            // Lever signs token + triggeredAt inside the body: a body that is not an object cannot carry them.
            const document = body.document;
            if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
              try {
                delivery = signLever(mutate(document, leverChanges, protectedKeys) as Json);
              } catch (error) {
                // A document too deep to clone and serialise in the test itself: raw bodies cover depth.
                if ((error as Error).name === 'RangeError') return;
                throw error;
              }
              // A body keepwarm cannot store cannot be read for its signature either: unauthenticated.
              if (/\\u(?:0000|[dD][89a-fA-F])/.test(delivery.body)) allowed = [400, 401];
            } else {
              delivery = {
                url: '/webhooks/lever',
                headers: { 'content-type': 'application/json' },
                body: body.raw,
              };
              allowed = [400, 401, 413];
            }
          }
          const status = await send(vendor, delivery);
          expect(allowed).toContain(status);
        }),
        { numRuns: runs, seed },
      );
    });
  }

  it('the fixtures themselves still answer 200 after the fuzzing (nothing wedged)', async () => {
    const status = await send('canonical', {
      url: '/webhooks/events',
      ...signCanonical(event('application.created', { application: application({ id: 'fz_after' }) })),
    });
    expect(status).toBe(200);
    expect(await send('ashby', signAshby(fixtureText('ashby', 'ping.sample.json')))).toBe(200);
  });

  it('leaves the database consistent: no application without its candidate and job, no orphan rows', async () => {
    const client = new Client({ connectionString: api.database.url });
    await client.connect();
    try {
      const orphans = async (sql: string) => (await client.query(sql)).rows;
      expect(
        await orphans(
          `SELECT a.id FROM applications a LEFT JOIN candidates c ON c.id = a.candidate_id WHERE c.id IS NULL`,
        ),
      ).toEqual([]);
      expect(
        await orphans(
          `SELECT a.id FROM applications a LEFT JOIN jobs j ON j.id = a.job_id WHERE j.id IS NULL`,
        ),
      ).toEqual([]);
      expect(
        await orphans(
          `SELECT f.id FROM flags f LEFT JOIN applications a ON a.id = f.application_id WHERE a.id IS NULL`,
        ),
      ).toEqual([]);
      expect(
        await orphans(
          `SELECT e.id FROM flag_events e LEFT JOIN flags f ON f.id = e.flag_id WHERE f.id IS NULL`,
        ),
      ).toEqual([]);
      expect(
        await orphans(
          `SELECT i.id FROM interviews i LEFT JOIN applications a ON a.id = i.application_id WHERE a.id IS NULL`,
        ),
      ).toEqual([]);
      const [{ count }] = (await client.query<{ count: string }>('SELECT count(*) FROM applications')).rows;
      const [{ quarantined }] = (
        await client.query<{ quarantined: string }>('SELECT count(*) AS quarantined FROM quarantine')
      ).rows;
      process.stdout.write(`fuzz left ${count} applications and ${quarantined} quarantined payloads\n`);
    } finally {
      await client.end();
    }
  });
});
