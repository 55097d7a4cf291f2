import { AttentionDriver } from '../integration/attention-support';
import { startTestApi, TestApi } from '../support/test-app';

// The recruiter's API through the real HTTP stack and the real clock: POST /v1/scans, the attention
// list (order, filters, keyset pages, bad parameters), actions and snoozes. The pipeline is anchored
// in the past with generous margins, so the flags do not depend on the weekday the suite runs.

const day = 24 * 3_600_000;
const ago = (days: number): string => new Date(Date.now() - days * day).toISOString();
const ahead = (days: number): string => new Date(Date.now() + days * day).toISOString();

const recruiterA = { id: 'rec_e2e_a', name: 'Alex Recruiter', email: 'alex@example.com', timezone: 'UTC' };
const recruiterB = { id: 'rec_e2e_b', name: 'Bo Recruiter', email: 'bo@example.com', timezone: 'UTC' };
const managerWithoutEmail = { id: 'hm_e2e_noemail', name: 'Noa Manager', timezone: 'UTC' };

interface Item {
  flag: {
    id: string;
    application_id: string;
    kind: string;
    severity: string;
    details: { waiting_since: string };
  };
  application: {
    id: string;
    status: string;
    stage: { name: string };
    url: string | null;
    snoozed_until: string | null;
  };
  candidate: { id: string; name: string };
  job: {
    id: string;
    title: string;
    recruiter: { id: string; name: string };
    hiring_manager: { id: string; name: string; email_known: boolean };
  };
}
interface Page {
  items: Item[];
  next_cursor: string | null;
}

const rank: Record<string, number> = { low: 0, medium: 1, high: 2, urgent: 3 };

describe('the attention API', () => {
  let api: TestApi;
  let pipeline: AttentionDriver;
  const silentCreatedAt = ago(40);

  beforeAll(async () => {
    api = await startTestApi();
    pipeline = new AttentionDriver(api);
    await pipeline.create('e2e_silent', silentCreatedAt, { recruiter: recruiterA, jobId: 'job_e2e_a' });
    await pipeline.create('e2e_offer', ago(40), { recruiter: recruiterA, jobId: 'job_e2e_a' });
    await pipeline.send(
      'candidate.competing_offer',
      { application_id: 'e2e_offer', deadline: ahead(2) },
      ago(1),
    );
    await pipeline.create('e2e_recent', ago(9), { recruiter: recruiterA, jobId: 'job_e2e_a' });
    await pipeline.create('e2e_reply', ago(10), { recruiter: recruiterB, jobId: 'job_e2e_b' });
    await pipeline.send(
      'candidate.contacted',
      { application_id: 'e2e_reply', direction: 'inbound', channel: 'email' },
      ago(10),
    );
    await pipeline.create('e2e_review', ago(20), {
      recruiter: recruiterB,
      jobId: 'job_e2e_review',
      hiringManager: managerWithoutEmail,
      stage: { name: 'Hiring Manager Review', kind: 'hiring_manager_review' },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  async function get<T>(url: string): Promise<{ status: number; body: T; contentType: string }> {
    const response = await api.request({ method: 'GET', url });
    return {
      status: response.status,
      body: response.json<T>(),
      contentType: String(response.headers['content-type']),
    };
  }

  async function post<T>(
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; contentType: string }> {
    const response = await api.request({
      method: 'POST',
      url,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: response.json<T>(),
      contentType: String(response.headers['content-type']),
    };
  }

  it('POST /v1/scans sweeps every due application and answers integers', async () => {
    const scan = await post<Record<string, unknown>>('/v1/scans');
    expect(scan.status).toBe(200);
    expect(scan.body).toEqual({ evaluated: 5, opened: expect.any(Number), resolved: 0 });
    // silent x5, offer, awaiting reply, feedback, decision.
    expect(scan.body.opened).toBe(9);
    expect(await post('/v1/scans')).toMatchObject({ body: { evaluated: 0, opened: 0, resolved: 0 } });
  });

  it('GET /v1/attention: most urgent first, then longest waiting, with everything a line needs', async () => {
    const { status, body } = await get<Page>('/v1/attention');
    expect(status).toBe(200);
    expect(body.next_cursor).toBeNull();
    expect(body.items).toHaveLength(9);
    expect(body.items[0].flag).toMatchObject({
      kind: 'competing_offer_deadline',
      severity: 'urgent',
      application_id: 'e2e_offer',
    });
    for (let index = 1; index < body.items.length; index += 1) {
      const [before, after] = [body.items[index - 1].flag, body.items[index].flag];
      const order =
        rank[after.severity] - rank[before.severity] ||
        Date.parse(before.details.waiting_since) - Date.parse(after.details.waiting_since) ||
        (before.id < after.id ? -1 : 1);
      expect(order).toBeLessThan(0);
    }
    const silent = body.items.find((item) => item.flag.application_id === 'e2e_silent')!;
    expect(silent).toMatchObject({
      flag: {
        kind: 'candidate_silent',
        action: 'send_keep_warm_update',
        severity: 'high',
        raised_at: expect.any(String),
      },
      application: {
        id: 'e2e_silent',
        status: 'active',
        stage: { name: 'Applied', kind: 'applied' },
        url: expect.stringContaining('e2e_silent'),
        snoozed_until: null,
      },
      candidate: { id: 'cand_e2e_silent', name: 'Candidate e2e_silent' },
      job: {
        id: 'job_e2e_a',
        title: 'Backend Engineer',
        recruiter: { id: 'rec_e2e_a', name: 'Alex Recruiter' },
        hiring_manager: { id: 'hm_harper', email_known: true },
      },
    });
    expect(silent.flag.details.waiting_since).toBe(silentCreatedAt);
  });

  it('filters by recruiter and kind, and says when a hiring manager has no email', async () => {
    const mine = await get<Page>('/v1/attention?recruiter_id=rec_e2e_b');
    expect(new Set(mine.body.items.map((item) => item.application.id))).toEqual(
      new Set(['e2e_reply', 'e2e_review']),
    );
    const decisions = await get<Page>('/v1/attention?kind=decision_overdue');
    expect(decisions.body.items).toHaveLength(1);
    expect(decisions.body.items[0]).toMatchObject({
      flag: { kind: 'decision_overdue', severity: 'high' },
      job: { hiring_manager: { id: 'hm_e2e_noemail', name: 'Noa Manager', email_known: false } },
    });
    expect((await get<Page>('/v1/attention?recruiter_id=nobody')).body).toEqual({
      items: [],
      next_cursor: null,
    });
  });

  it('keyset pages: no item repeated or lost', async () => {
    const everything = (await get<Page>('/v1/attention?limit=200')).body.items.map((item) => item.flag.id);
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/v1/attention?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const page: Page = (await get<Page>(url)).body;
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((item) => item.flag.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen).toEqual(everything);
    }
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['kind=bored', 'kind'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('GET /v1/attention?%s answers 400 naming %s', async (query, path) => {
    const response = await get<{ status: number; errors: Array<{ path: string }> }>(`/v1/attention?${query}`);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors.map((error) => error.path)).toContain(path);
  });

  it('POST /v1/applications/{id}/snooze hides the application from attention and resolves nothing', async () => {
    const until = ahead(1);
    const snoozed = await post<Record<string, unknown>>('/v1/applications/e2e_silent/snooze', {
      until,
      reason: 'on holiday',
    });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body).toEqual({
      application_id: 'e2e_silent',
      snoozed_until: new Date(until).toISOString(),
      reason: 'on holiday',
    });
    const listed = (await get<Page>('/v1/attention?recruiter_id=rec_e2e_a')).body.items.map(
      (item) => item.application.id,
    );
    expect(listed).not.toContain('e2e_silent');
    const state = await get<{ flags: unknown[]; snoozed_until: string }>('/v1/applications/e2e_silent');
    expect(state.body.flags).toHaveLength(1);
    expect(state.body.snoozed_until).toBe(new Date(until).toISOString());
  });

  it.each([
    ['a past date', { until: ago(1) }, 'until'],
    ['no date', { reason: 'later' }, 'until'],
    ['not a date', { until: 'tomorrow' }, 'until'],
  ])('snooze with %s answers 400', async (_name, body, path) => {
    const response = await post<{ errors: Array<{ path: string }> }>(
      '/v1/applications/e2e_recent/snooze',
      body,
    );
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors.map((error) => error.path)).toContain(path);
  });

  it('POST /v1/applications/{id}/actions records the action and answers the flags it resolved', async () => {
    const response = await post<{
      action: Record<string, unknown>;
      resolved_flags: Array<{ kind: string; resolution: string; details: { waiting_since: string } }>;
    }>('/v1/applications/e2e_review/actions', { kind: 'rejection_sent', note: 'told them by phone' });
    expect(response.status).toBe(201);
    expect(response.body.action).toMatchObject({
      id: expect.any(String),
      application_id: 'e2e_review',
      kind: 'rejection_sent',
      note: 'told them by phone',
      at: expect.any(String),
    });
    const resolutions = Object.fromEntries(
      response.body.resolved_flags.map((flag) => [flag.kind, flag.resolution]),
    );
    expect(resolutions).toEqual({
      decision_overdue: 'answered:rejection_sent',
      candidate_silent: 'cause_gone',
    });
    const remaining = (
      await get<{ flags: Array<{ kind: string }> }>('/v1/applications/e2e_review')
    ).body.flags.map((flag) => flag.kind);
    expect(remaining).toEqual(['feedback_overdue']);
    // The answered cause stays answered on the next scan.
    await pipeline.makeDue(['e2e_review']);
    expect((await post<{ opened: number }>('/v1/scans')).body.opened).toBe(0);
  });

  it.each([
    ['an unknown kind', { kind: 'made_coffee' }, 400, 'kind'],
    ['no body', undefined, 400, '(root)'],
    ['a note too long', { kind: 'candidate_updated', note: 'x'.repeat(2001) }, 400, 'note'],
  ])('actions with %s answer %s', async (_name, body, status, path) => {
    const response = await post<{ errors: Array<{ path: string }> }>(
      '/v1/applications/e2e_recent/actions',
      body,
    );
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors.map((error) => error.path)).toContain(path);
  });

  it('an unknown application answers 404 for actions and snoozes', async () => {
    expect((await post('/v1/applications/nope/actions', { kind: 'manager_nudged' })).status).toBe(404);
    expect((await post('/v1/applications/nope/snooze', { until: ahead(1) })).status).toBe(404);
  });

  it('documents every endpoint in /docs and exposes open flags by kind and severity in /metrics', async () => {
    const document = (await api.request({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/attention',
        '/v1/scans',
        '/v1/applications/{id}/actions',
        '/v1/applications/{id}/snooze',
      ]),
    );
    expect(document.paths['/v1/attention'].get).toMatchObject({
      parameters: expect.arrayContaining([expect.objectContaining({ name: 'cursor' })]),
    });
    const metrics = (await api.request({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/flags_open\{kind="candidate_silent",severity="high"\} \d+/);
    expect(metrics).toMatch(/sweep_batches_total \d+/);
  });
});
