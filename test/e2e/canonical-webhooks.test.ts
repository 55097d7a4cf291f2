import { application, event, eventId } from '../support/events';
import { signCanonical } from '../support/signing';
import { startTestApi, TestApi } from '../support/test-app';

// Every row of docs/contract.md's webhook status table, produced by the matching request, through the real stack.

describe('POST /webhooks/events', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  async function post(
    body: unknown,
    options: Parameters<typeof signCanonical>[1] = {},
    extraHeaders: Record<string, string> = {},
  ) {
    const signed = signCanonical(body, options);
    return api.request({
      method: 'POST',
      url: '/webhooks/events',
      headers: { ...signed.headers, ...extraHeaders },
      body: signed.body,
    });
  }

  async function quarantineCount(): Promise<number> {
    const [row] = await api.database.query<{ count: string }>('SELECT count(*) FROM quarantine');
    return Number(row.count);
  }

  it('200 accepted: stores and applies an event', async () => {
    const created = event('application.created', { application: application() }, '2026-11-16T14:00:00Z');
    const response = await post(created);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'accepted', events: 1 });

    const state = await api.request({ method: 'GET', url: '/v1/applications/app_1' });
    expect(state.status).toBe(200);
    const body = state.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      id: 'app_1',
      status: 'active',
      stage: { name: 'Applied', kind: 'applied' },
      flags: [],
    });
    expect(body.candidate).toMatchObject({ id: 'cand_1', name: 'Casey Candidate' });
  });

  it('200 duplicate: a redelivered event id changes nothing', async () => {
    const promised = event(
      'application.update_promised',
      { application_id: 'app_1', by: '2026-11-25T17:00:00Z' },
      '2026-11-17T10:00:00Z',
    );
    expect((await post(promised)).json()).toEqual({ status: 'accepted', events: 1 });
    const again = await post({ ...promised, data: { application_id: 'app_1', by: '2027-01-01T00:00:00Z' } });
    expect(again.status).toBe(200);
    expect(again.json()).toEqual({ status: 'duplicate' });
    const state = (await api.request({ method: 'GET', url: '/v1/applications/app_1' })).json<
      Record<string, unknown>
    >();
    expect(state.update_promised_by).toBe('2026-11-25T17:00:00.000Z');
  });

  it('200 ignored: an authentic event of a type keepwarm does not use', async () => {
    const response = await post(event('offer.extended', { whatever: true }));
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ignored' });
    expect(typeof response.json().reason).toBe('string');
  });

  it('400: authentic but malformed, named field by field, and kept in quarantine', async () => {
    const before = await quarantineCount();
    const response = await post(
      event('candidate.contacted', { application_id: 'app_1', direction: 'sideways' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<{
      type: string;
      title: string;
      status: number;
      detail: string;
      errors: Array<{ path: string; message: string }>;
    }>();
    expect(problem).toMatchObject({
      status: 400,
      title: expect.any(String),
      detail: expect.any(String),
      type: expect.any(String),
    });
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['data.direction', 'data.channel']),
    );
    expect(await quarantineCount()).toBe(before + 1);
  });

  it('400: authentic invalid JSON is quarantined too', async () => {
    const before = await quarantineCount();
    const response = await post(undefined, { rawBody: '{"id": "evt_x", "type": ' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await quarantineCount()).toBe(before + 1);
  });

  it.each([
    [
      'missing signature headers',
      (signed: ReturnType<typeof signCanonical>) => ({
        'content-type': 'application/json',
        'webhook-id': signed.headers['webhook-id'],
      }),
    ],
    [
      'a wrong secret',
      () =>
        signCanonical(event('application.withdrawn', { application_id: 'x' }), {
          secret: `whsec_${Buffer.from('another-secret-abcdefghijklmnop').toString('base64')}`,
        }).headers,
    ],
    [
      'a timestamp 6 minutes old',
      () =>
        signCanonical(event('application.withdrawn', { application_id: 'x' }), {
          timestamp: new Date(Date.now() - 6 * 60_000),
        }).headers,
    ],
    [
      'a timestamp 6 minutes ahead',
      () =>
        signCanonical(event('application.withdrawn', { application_id: 'x' }), {
          timestamp: new Date(Date.now() + 6 * 60_000),
        }).headers,
    ],
  ])('401 for %s', async (_name, headersFor) => {
    const signed = signCanonical(event('application.withdrawn', { application_id: 'x' }));
    const response = await api.request({
      method: 'POST',
      url: '/webhooks/events',
      headers: headersFor(signed) as Record<string, string>,
      body: signed.body,
    });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 401 });
  });

  it('401 for a tampered body', async () => {
    const signed = signCanonical(event('application.withdrawn', { application_id: 'app_1' }));
    const response = await api.request({
      method: 'POST',
      url: '/webhooks/events',
      headers: signed.headers,
      body: signed.body.replace('app_1', 'app_2'),
    });
    expect(response.status).toBe(401);
  });

  it('accepts timestamps just inside the 5-minute tolerance on both sides', async () => {
    for (const offset of [-4.5 * 60_000, 4.5 * 60_000]) {
      const response = await post(
        event(
          'candidate.contacted',
          { application_id: 'app_1', direction: 'inbound', channel: 'email' },
          '2026-11-18T09:00:00Z',
        ),
        { timestamp: new Date(Date.now() + offset) },
      );
      expect(response.status).toBe(200);
    }
  });

  it('413 for a body over 1 MiB', async () => {
    const huge = event('application.created', {
      application: application({ id: 'big', note: 'x'.repeat(1024 * 1024 + 10) }),
    });
    const response = await post(huge);
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('415 for a body that is not JSON', async () => {
    const response = await api.request({
      method: 'POST',
      url: '/webhooks/events',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('applies events in occurred_at order, whatever the arrival order', async () => {
    const id = 'app_order';
    const later = event(
      'application.stage_changed',
      { application: application({ id }, { name: 'Onsite', kind: 'interview' }) },
      '2026-11-18T10:00:00Z',
    );
    const earlier = event(
      'application.created',
      { application: application({ id }, { name: 'Applied', kind: 'applied' }) },
      '2026-11-16T10:00:00Z',
    );
    expect((await post(later)).status).toBe(200);
    expect((await post(earlier)).status).toBe(200);
    const state = (await api.request({ method: 'GET', url: `/v1/applications/${id}` })).json<{
      stage: { name: string; entered_at: string };
    }>();
    expect(state.stage).toMatchObject({ name: 'Onsite', entered_at: '2026-11-18T10:00:00.000Z' });
  });

  it('keeps an event about an unseen application and applies it when the application arrives', async () => {
    const id = 'app_early';
    const contacted = event(
      'candidate.contacted',
      { application_id: id, direction: 'outbound', channel: 'email' },
      '2026-11-17T12:00:00Z',
    );
    expect((await post(contacted)).json()).toEqual({ status: 'accepted', events: 1 });
    expect((await api.request({ method: 'GET', url: `/v1/applications/${id}` })).status).toBe(404);
    await post(event('application.created', { application: application({ id }) }, '2026-11-16T12:00:00Z'));
    const state = (await api.request({ method: 'GET', url: `/v1/applications/${id}` })).json<
      Record<string, unknown>
    >();
    expect(state.last_outbound_contact_at).toBe('2026-11-17T12:00:00.000Z');
  });

  it('never lets an older job snapshot override newer job state', async () => {
    await post(
      event(
        'job.updated',
        {
          job: {
            id: 'job_snap',
            title: 'Staff Engineer',
            status: 'closed',
            recruiter: { id: 'rec_1', name: 'Riley Recruiter' },
            hiring_manager: { id: 'hm_1', name: 'Morgan Manager' },
          },
        },
        '2026-11-19T10:00:00Z',
      ),
    );
    await post(
      event(
        'application.created',
        {
          application: application({
            id: 'app_snap',
            job: {
              id: 'job_snap',
              title: 'Old Title',
              status: 'open',
              recruiter: { id: 'rec_1', name: 'Riley Recruiter' },
              hiring_manager: { id: 'hm_1', name: 'Morgan Manager' },
            },
          }),
        },
        '2026-11-10T10:00:00Z',
      ),
    );
    const state = (await api.request({ method: 'GET', url: '/v1/applications/app_snap' })).json<{
      job: { title: string; status: string };
    }>();
    expect(state.job).toMatchObject({ title: 'Staff Engineer', status: 'closed' });
  });

  it('404 problem for an unknown application', async () => {
    const response = await api.request({ method: 'GET', url: '/v1/applications/nope' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('401 on /v1 without the bearer token', async () => {
    const response = await api.request({
      method: 'GET',
      url: '/v1/applications/app_1',
      headers: { authorization: 'Bearer wrong' },
    });
    expect(response.status).toBe(401);
  });

  it('the id of an event is unique per source, not per type: a second event with a new id is applied', async () => {
    const response = await post(
      event(
        'candidate.contacted',
        { application_id: 'app_1', direction: 'outbound', channel: 'phone' },
        '2026-11-19T09:00:00Z',
        eventId(),
      ),
    );
    expect(response.json()).toEqual({ status: 'accepted', events: 1 });
  });
});

describe('POST /webhooks/events without WEBHOOK_SECRET', () => {
  it('404 problem: the endpoint is not configured', async () => {
    const api = await startTestApi({ WEBHOOK_SECRET: undefined });
    try {
      const signed = signCanonical(event('application.withdrawn', { application_id: 'x' }));
      const response = await api.request({
        method: 'POST',
        url: '/webhooks/events',
        headers: signed.headers,
        body: signed.body,
      });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    } finally {
      await api.close();
    }
  });
});
