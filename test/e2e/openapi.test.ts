import type { z } from 'zod';
import { actionAnswer, applicationStateSchema, snoozeAnswer } from '../../src/attention/applications.api';
import { attentionPage } from '../../src/attention/attention.api';
import { scanAnswer } from '../../src/attention/scans.api';
import { canonicalEventTypes } from '../../src/canonical/canonical-event.schema';
import { digestSchema, queuedDigests } from '../../src/digests/digests.api';
import { readinessReport } from '../../src/infra/health/health.api';
import { webhookAnswer } from '../../src/ingestion/webhooks.api';
import { notificationPage } from '../../src/notifications/notifications.api';
import { optOutAnswer } from '../../src/notifications/opt-out.api';
import { personAnswer } from '../../src/pipeline/people.api';
import { AttentionDriver, recruiterAvery } from '../integration/attention-support';
import { startTestApi, TestApi } from '../support/test-app';

// /docs/json is generated from the zod schemas the controllers validate with. Checked here: every
// route the API serves is documented and every documented route is served; the webhook endpoints
// show their signature headers, bodies and every answer of the status table (docs/contract.md);
// and real answers match their documented schemas exactly (a field the docs lack fails).

type Operation = {
  security?: unknown;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }
  >;
};
type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { oneOf?: Array<{ $ref: string }> }> };
};

/** "get /v1/applications/{id}" for each route of Fastify's route tree (HEAD left out). */
function servedRoutes(tree: string): string[] {
  const routes: string[] = [];
  const segments: string[] = [];
  // e.g. "│   ├── /actions (POST)": four characters of indent per level.
  for (const [, indent, segment, methods] of tree.matchAll(/^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/gm)) {
    segments.length = indent.length / 4;
    segments.push(segment);
    const path = segments.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of methods?.split(', ') ?? []) {
      if (method !== 'HEAD') routes.push(`${method.toLowerCase()} ${path}`);
    }
  }
  return routes;
}

const day = 86_400_000;
const ago = (days: number): string => new Date(Date.now() - days * day).toISOString();

describe('the OpenAPI document', () => {
  let api: TestApi;
  let document: OpenApi;

  beforeAll(async () => {
    api = await startTestApi();
    const response = await api.request({ method: 'GET', url: '/docs/json' });
    expect(response.status).toBe(200);
    document = response.json<OpenApi>();
  });

  afterAll(async () => {
    await api?.close();
  });

  const operation = (path: string, method: string): Operation => document.paths[path][method];

  it('documents every route the API serves, and serves every route it documents', () => {
    const served = new Set<string>();
    for (const route of servedRoutes(
      api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }),
    )) {
      // /docs serves the document itself; /app is the recruiter desk, HTML pages for people.
      if (!/^\/(docs|app)(\/|$)/.test(route.split(' ')[1])) served.add(route);
    }
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method} ${path}`),
      ),
    );
    expect(served.size).toBeGreaterThan(15);
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
  });

  it('asks for the bearer token on /v1 (except the signed unsubscribe link), with 401 and 429', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, described] of Object.entries(item)) {
        if (path.startsWith('/v1/unsubscribe/')) {
          expect({ route: `${method} ${path}`, security: described.security }).toEqual({
            route: `${method} ${path}`,
            security: [],
          });
          continue;
        }
        expect({ route: `${method} ${path}`, security: described.security }).toEqual({
          route: `${method} ${path}`,
          security: [{ bearer: [] }],
        });
        expect(Object.keys(described.responses)).toEqual(expect.arrayContaining(['401', '429']));
      }
    }
  });

  it('gives every error answer as problem+json', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      // Readiness answers its report, 503 included: probes read the body.
      if (path === '/health/ready') continue;
      for (const [method, described] of Object.entries(item)) {
        for (const [status, answer] of Object.entries(described.responses)) {
          if (Number(status) < 400) continue;
          expect({
            route: `${method} ${path} ${status}`,
            content: Object.keys(answer.content ?? {}),
          }).toEqual({
            route: `${method} ${path} ${status}`,
            content: ['application/problem+json'],
          });
        }
      }
    }
  });

  describe.each([
    ['/webhooks/events', ['webhook-id', 'webhook-timestamp', 'webhook-signature']],
    ['/webhooks/greenhouse', ['Signature']],
    ['/webhooks/lever', []],
    ['/webhooks/ashby', ['Ashby-Signature']],
  ])('POST %s', (path, headers) => {
    it('shows its signature, its body and every answer of the status table', () => {
      const described = operation(path, 'post');
      const required = (described.parameters ?? []).filter(
        (parameter) => parameter.in === 'header' && parameter.required,
      );
      expect(required.map((parameter) => parameter.name)).toEqual(headers);
      expect(described.requestBody?.content).toHaveProperty(['application/json', 'schema']);
      expect(Object.keys(described.responses).sort()).toEqual([
        '200',
        '400',
        '401',
        '404',
        '413',
        '415',
        '429',
        '503',
      ]);
      expect(described.responses['200'].content?.['application/json'].schema).toEqual({
        $ref: '#/components/schemas/WebhookAnswer',
      });
      for (const status of ['429', '503'])
        expect(described.responses[status].headers).toHaveProperty('Retry-After');
    });
  });

  it("shows Lever's signature fields in its body and each vendor's documentation", () => {
    const body = operation('/webhooks/lever', 'post').requestBody?.content['application/json'].schema as {
      required: string[];
    };
    expect(body.required).toEqual(expect.arrayContaining(['token', 'triggeredAt', 'signature']));
    for (const vendor of ['greenhouse', 'lever', 'ashby']) {
      expect(operation(`/webhooks/${vendor}`, 'post')).toHaveProperty(
        ['externalDocs', 'url'],
        expect.stringMatching(/^https:\/\//),
      );
    }
  });

  it('describes the canonical body as one schema per event type, from the schemas that validate it', () => {
    expect(operation('/webhooks/events', 'post').requestBody?.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CanonicalEvent',
    });
    const variants = document.components.schemas.CanonicalEvent.oneOf ?? [];
    expect(variants).toHaveLength(canonicalEventTypes.length);
    for (const type of canonicalEventTypes) {
      const name = variants.find((variant) => {
        const schema = document.components.schemas[variant.$ref.split('/').pop()!] as {
          properties: { type: { enum?: string[]; const?: string } };
        };
        return (schema.properties.type.enum ?? [schema.properties.type.const]).includes(type);
      });
      expect({ type, documented: name !== undefined }).toEqual({ type, documented: true });
    }
  });

  describe('real answers match their documented schemas', () => {
    let pipeline: AttentionDriver;

    beforeAll(async () => {
      pipeline = new AttentionDriver(api);
      await pipeline.create('doc_silent', ago(30), { recruiter: recruiterAvery });
      await pipeline.send(
        'candidate.contacted',
        { application_id: 'doc_silent', direction: 'inbound', channel: 'email' },
        ago(20),
      );
    });

    // z.object drops fields it does not know: an answer equal to its parse has none the docs lack.
    async function matches(schema: z.ZodType, method: string, url: string, body?: object): Promise<unknown> {
      const response = await api.request({ method, url, body });
      expect({ url, status: response.status < 300 }).toEqual({ url, status: true });
      const answer = response.json();
      expect(schema.parse(answer)).toEqual(answer);
      return answer;
    }

    it('for the recruiter API', async () => {
      const scan = (await matches(scanAnswer, 'POST', '/v1/scans')) as { opened: number };
      expect(scan.opened).toBeGreaterThan(0);
      const page = (await matches(attentionPage, 'GET', '/v1/attention')) as { items: unknown[] };
      expect(page.items.length).toBeGreaterThan(0);
      await matches(applicationStateSchema, 'GET', '/v1/applications/doc_silent');
      const digest = (await matches(digestSchema, 'GET', `/v1/recruiters/${recruiterAvery.id}/digest`)) as {
        entries: unknown[];
      };
      expect(digest.entries.length).toBeGreaterThan(0);
      const outbox = (await matches(notificationPage, 'GET', '/v1/notifications')) as { items: unknown[] };
      expect(outbox.items.length).toBeGreaterThan(0);
      await matches(actionAnswer, 'POST', '/v1/applications/doc_silent/actions', {
        kind: 'candidate_updated',
      });
      await matches(snoozeAnswer, 'POST', '/v1/applications/doc_silent/snooze', { until: '2030-01-01' });
      await matches(personAnswer, 'PUT', '/v1/people/hm_doc', {
        name: 'Dana Manager',
        email: 'dana@example.com',
        vendor_user_ids: ['greenhouse:4242'],
      });
      await matches(queuedDigests, 'POST', '/v1/digests', {});
      await matches(optOutAnswer, 'POST', '/v1/candidates/cand_doc_silent/opt-out');
    });

    it('for webhooks and health', async () => {
      const { signCanonical } = await import('../support/signing');
      const { event } = await import('../support/events');
      const signed = signCanonical(event('offer.extended', { offer: 1 }, ago(1)));
      const response = await api.request({
        method: 'POST',
        url: '/webhooks/events',
        headers: signed.headers,
        body: signed.body,
      });
      expect(webhookAnswer.parse(response.json())).toEqual(response.json());
      await matches(readinessReport, 'GET', '/health/ready');
    });
  });
});
