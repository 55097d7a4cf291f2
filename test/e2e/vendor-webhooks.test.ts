import { startTestApi, TestApi } from '../support/test-app';
import {
  ASHBY_SECRET,
  fixture,
  fixtureFiles,
  fixtureText,
  greenhouseJson,
  LEVER_TOKENS,
  signAshby,
  signGreenhouse,
  signLever,
  SignedDelivery,
  type Json,
  vendorEnv,
  type Vendor,
} from './vendor-signing';

// The Greenhouse, Lever and Ashby endpoints through the real HTTP stack: every documented payload
// signed the vendor's way, forged and replayed signatures, redelivery, quarantine, and the mapping
// results as GET /v1/applications/{id} shows them.

async function send(api: TestApi, delivery: SignedDelivery) {
  return api.request({ method: 'POST', url: delivery.url, headers: delivery.headers, body: delivery.body });
}

function sql<T = Json>(api: TestApi, text: string, params: unknown[] = []): Promise<T[]> {
  return api.database.query<T>(text, params);
}

function signFixture(vendor: Vendor, file: string): SignedDelivery {
  if (vendor === 'greenhouse') return signGreenhouse(fixtureText(vendor, file));
  if (vendor === 'ashby') return signAshby(fixtureText(vendor, file));
  return signLever(fixture(vendor, file));
}

describe('every documented vendor payload, signed the vendor way', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(vendorEnv);
  });

  afterAll(async () => {
    await api?.close();
  });

  const cases = (['greenhouse', 'lever', 'ashby'] as const).flatMap((vendor) =>
    fixtureFiles(vendor).map((file) => [vendor, file] as const),
  );

  it('covers all three vendors', () => {
    for (const vendor of ['greenhouse', 'lever', 'ashby'])
      expect(cases.filter(([v]) => v === vendor).length).toBeGreaterThan(10);
  });

  it.each(cases)('%s %s answers 200', async (vendor, file) => {
    const response = await send(api, signFixture(vendor, file));
    expect({ file, status: response.status, body: response.json() }).toMatchObject({ status: 200 });
    expect(['accepted', 'ignored', 'duplicate']).toContain(response.json().status);
  });

  it('answers the pings 200', async () => {
    const greenhouse = await send(api, signGreenhouse('{"action":"ping"}'));
    expect(greenhouse.status).toBe(200);
    expect(greenhouse.json()).toEqual({ status: 'accepted', events: 0 });
    // Greenhouse does not document the ping's shape: configuration settings without an action also pass.
    const configuration = await send(
      api,
      signGreenhouse(JSON.stringify({ web_hook_id: 4321, name: 'keepwarm', endpoint_url: 'https://x.test' })),
    );
    expect(configuration.status).toBe(200);
    const ashby = await send(api, signAshby(fixtureText('ashby', 'ping.sample.json')));
    expect(ashby.status).toBe(200);
    const lever = await send(api, signLever(fixture('lever', 'candidateHired_test-request.json')));
    expect(lever.status).toBe(200);
    expect(lever.json()).toEqual({ status: 'accepted', events: 0 });
  });

  it('nothing went to quarantine', async () => {
    expect(await sql(api, 'SELECT source, reason, errors FROM quarantine')).toEqual([]);
  });
});

describe('vendor endpoints', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(vendorEnv);
  });

  afterAll(async () => {
    await api?.close();
  });

  async function application(id: string) {
    const response = await api.request({ method: 'GET', url: `/v1/applications/${encodeURIComponent(id)}` });
    expect(response.status).toBe(200);
    return response.json<Json>();
  }

  async function quarantined(source: string): Promise<Json[]> {
    return sql(api, 'SELECT delivery_id, reason, errors, raw_body FROM quarantine WHERE source = $1', [
      source,
    ]);
  }

  function greenhouseApplication(overrides: { applicationId: number; candidateId: number; jobId: number }) {
    const body = fixture('greenhouse', 'new_candidate_application.json');
    const application = body.payload.application;
    application.id = overrides.applicationId;
    application.candidate.id = overrides.candidateId;
    application.jobs[0].id = overrides.jobId;
    return body;
  }

  describe('signatures', () => {
    it('401 for a Greenhouse body signed with another secret, or unsigned', async () => {
      const raw = fixtureText('greenhouse', 'new_candidate_application.json');
      const forged = await send(api, signGreenhouse(raw, { secret: 'not-the-secret' }));
      expect(forged.status).toBe(401);
      expect(forged.headers['content-type']).toContain('application/problem+json');
      expect(forged.json()).toMatchObject({
        status: 401,
        type: expect.any(String),
        detail: expect.any(String),
      });
      const signed = signGreenhouse(raw);
      const { signature: _signature, ...unsigned } = signed.headers;
      expect((await send(api, { ...signed, headers: unsigned })).status).toBe(401);
      const tampered = { ...signed, body: signed.body.replace('Data Scientist', 'Data Engineer') };
      expect((await send(api, tampered)).status).toBe(401);
    });

    it('401 for a forged Ashby signature', async () => {
      const raw = fixtureText('ashby', 'applicationSubmit.sample.json');
      expect((await send(api, signAshby(raw, { secret: 'forged' }))).status).toBe(401);
      const signed = signAshby(raw);
      const wrongPrefix = {
        ...signed,
        headers: {
          ...signed.headers,
          'ashby-signature': signed.headers['ashby-signature'].replace('sha256=', 'sha1='),
        },
      };
      expect((await send(api, wrongPrefix)).status).toBe(401);
      expect(ASHBY_SECRET).toBeTruthy();
    });

    it('401 for a Lever signature made with an unknown token, or not hex at all, when there is data', async () => {
      const body = fixture('lever', 'applicationCreated.sample.json');
      expect((await send(api, signLever(body, { key: 'some-other-token' }))).status).toBe(401);
      const notHex = { ...(body as Record<string, unknown>), signature: 'm3e73080553bcbf65f66c90b6m4ac0mb' };
      const response = await send(api, {
        url: '/webhooks/lever',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notHex),
      });
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it("Lever's documented test request (empty data, a signature that is not even hex) answers 200 and stores nothing", async () => {
      const count = async () =>
        Number(
          (await sql<{ n: string }>(api, "SELECT count(*) AS n FROM event_log WHERE source = 'lever'"))[0].n,
        );
      const before = await count();
      const asDocumented = fixtureText('lever', 'candidateHired_test-request.json');
      const response = await send(api, {
        url: '/webhooks/lever',
        headers: { 'content-type': 'application/json' },
        body: asDocumented,
      });
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ status: 'accepted', events: 0 });
      expect(await count()).toBe(before);
    });

    it('Lever: either configured token verifies; a replayed token is 401; an old triggeredAt is 401', async () => {
      const body = fixture('lever', 'interviewCreated.sample.json');
      const delivery = signLever(body, { key: LEVER_TOKENS[1] });
      expect((await send(api, delivery)).status).toBe(200);
      const replay = await send(api, delivery);
      expect(replay.status).toBe(401);
      expect(replay.json()).toMatchObject({ status: 401, type: expect.stringContaining('replayed') });

      const fifteenDaysAgo = Date.now() - 15 * 24 * 60 * 60 * 1000;
      const expired = await send(api, signLever(body, { triggeredAt: fifteenDaysAgo }));
      expect(expired.status).toBe(401);
      // Within Lever's two weeks of reruns: accepted.
      const thirteenDaysAgo = Date.now() - 13 * 24 * 60 * 60 * 1000;
      expect((await send(api, signLever(body, { triggeredAt: thirteenDaysAgo }))).status).toBe(200);
    });

    it('Lever: a token is recorded only with what the delivery stored', async () => {
      const tokens = await sql(api, `SELECT token FROM webhook_replay_tokens WHERE source = 'lever'`);
      expect(tokens.length).toBeGreaterThan(0);
      // An authentic delivery that cannot be read is quarantined once; its retry with the same token is a replay.
      const malformed = signLever({
        id: 'lever-bad-1',
        event: 'candidateStageChange',
        data: { opportunityId: 'opp-x' },
      });
      const first = await send(api, malformed);
      expect(first.status).toBe(400);
      expect((await send(api, malformed)).status).toBe(401);
      expect((await quarantined('lever')).filter((row) => row.delivery_id === 'lever-bad-1')).toHaveLength(1);
    });

    it('verifies Greenhouse signatures on the raw bytes: unicode-escaped bodies', async () => {
      const body = greenhouseApplication({ applicationId: 9100001, candidateId: 9200001, jobId: 9300001 });
      body.payload.application.candidate.first_name = 'Zoë';
      body.payload.application.candidate.last_name = 'Øster—Łukasz';
      body.payload.application.current_stage.interviews[0].interview_kit.content = '<p>hello & welcome</p>';
      const raw = greenhouseJson(body);
      expect(raw).toContain('\\u003cp\\u003ehello \\u0026 welcome\\u003c/p\\u003e');
      expect(raw).toContain('Zo\\u00eb');
      const response = await send(api, signGreenhouse(raw));
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ status: 'accepted', events: 1 });
      const state = await application('9100001');
      expect(state.candidate.name).toBe('Zoë Øster—Łukasz');

      // Signed over a re-serialisation (unescaped) but sent escaped: not what Greenhouse signed.
      const reserialised = JSON.stringify(JSON.parse(raw), null, 2);
      const mismatched = signGreenhouse(reserialised);
      expect((await send(api, { ...mismatched, body: raw })).status).toBe(401);
    });
  });

  describe('redelivery, ignored types, quarantine', () => {
    it('Greenhouse: the same Greenhouse-Event-ID again is a duplicate', async () => {
      const raw = greenhouseJson(
        greenhouseApplication({ applicationId: 9100002, candidateId: 9200002, jobId: 9300002 }),
      );
      const delivery = signGreenhouse(raw, { eventId: 'gh-redelivered-1' });
      expect((await send(api, delivery)).json()).toEqual({ status: 'accepted', events: 1 });
      const again = await send(api, delivery);
      expect(again.status).toBe(200);
      expect(again.json()).toEqual({ status: 'duplicate' });
    });

    it('Ashby: the same webhookActionId and action again is a duplicate', async () => {
      const raw = fixtureText('ashby', 'candidateStageChange.sample.json');
      const first = await send(api, signAshby(raw));
      expect(first.status).toBe(200);
      const again = await send(api, signAshby(raw));
      expect(again.json()).toEqual({ status: 'duplicate' });
    });

    it('200 ignored for a type keepwarm does not use, with a reason', async () => {
      const response = await send(api, signGreenhouse(fixtureText('greenhouse', 'offer_created.json')));
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ status: 'ignored', reason: expect.any(String) });
      const unknown = await send(
        api,
        signAshby(JSON.stringify({ action: 'somethingNew', webhookActionId: 'w-1', data: {} })),
      );
      expect(unknown.status).toBe(200);
      expect(unknown.json().status).toBe('ignored');
    });

    it('400 + quarantine for an authentic payload the adapter cannot read', async () => {
      const before = (await quarantined('greenhouse')).length;
      const response = await send(
        api,
        signGreenhouse(
          JSON.stringify({ action: 'new_candidate_application', payload: { application: { id: 1 } } }),
          {
            eventId: 'gh-malformed-1',
          },
        ),
      );
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json<{ errors: Array<{ path: string; message: string }> }>();
      expect(problem.errors.map((error) => error.path)).toEqual(
        expect.arrayContaining(['payload.application.candidate']),
      );
      const rows = await quarantined('greenhouse');
      expect(rows).toHaveLength(before + 1);
      expect(rows.find((row) => row.delivery_id === 'gh-malformed-1')).toBeDefined();

      const ashby = await send(
        api,
        signAshby(JSON.stringify({ action: 'applicationSubmit', webhookActionId: 'w-2', data: {} })),
      );
      expect(ashby.status).toBe(400);
      expect(await quarantined('ashby')).toHaveLength(1);
    });

    it('400 + quarantine for authentic bytes that are not JSON', async () => {
      const response = await send(api, signGreenhouse('{"action": "candidate_stage_change", '));
      expect(response.status).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, errors: [{ path: '(root)' }] });
      expect(
        (await quarantined('greenhouse')).some((row) =>
          row.raw_body.startsWith('{"action": "candidate_stage_change"'),
        ),
      ).toBe(true);
    });
  });

  describe('mapping, through GET /v1/applications/{id}', () => {
    it('Greenhouse: stage, status, contact details, job, recruiter; then rejection', async () => {
      const body = greenhouseApplication({ applicationId: 9100010, candidateId: 9200010, jobId: 9300010 });
      expect((await send(api, signGreenhouse(greenhouseJson(body)))).json()).toEqual({
        status: 'accepted',
        events: 1,
      });
      const state = await application('9100010');
      expect(state).toMatchObject({
        id: '9100010',
        status: 'active',
        source: 'greenhouse',
        stage: { name: 'Preliminary Phone Screen', kind: 'recruiter_screen' },
        candidate: { id: '9200010', name: 'Jane Smith', email: 'person@example.com', can_email: true },
        job: {
          id: '9300010',
          title: 'Data Scientist',
          status: 'open',
          recruiter: { id: 'greenhouse:92121', name: 'Betty Smith', email: 'employee@test.com' },
          hiring_manager: { id: 'greenhouse:92913' },
        },
      });

      const rejected = fixture('greenhouse', 'reject_candidate.json');
      rejected.payload.application.id = 9100010;
      expect((await send(api, signGreenhouse(greenhouseJson(rejected)))).status).toBe(200);
      expect((await application('9100010')).status).toBe('rejected');
    });

    it('Greenhouse: a job event with only user ids keeps the names known for them', async () => {
      const job = fixture('greenhouse', 'job_updated.json');
      job.payload.job.id = 9300010;
      job.payload.job.name = 'Senior Data Scientist';
      job.payload.job.status = 'closed';
      job.payload.job.hiring_team.recruiters = [{ user_id: 92121, employee_id: null }];
      job.payload.job.hiring_team.hiring_managers = [{ user_id: 92913, employee_id: null }];
      expect((await send(api, signGreenhouse(greenhouseJson(job)))).status).toBe(200);
      const state = await application('9100010');
      expect(state.job).toMatchObject({
        title: 'Senior Data Scientist',
        status: 'closed',
        recruiter: { id: 'greenhouse:92121', name: 'Betty Smith', email: 'employee@test.com' },
      });
    });

    it('Greenhouse can_email false is an opt-out; update_candidate changes contact details', async () => {
      const body = greenhouseApplication({ applicationId: 9100011, candidateId: 9200011, jobId: 9300011 });
      await send(api, signGreenhouse(greenhouseJson(body)));
      const update = fixture('greenhouse', 'update_candidate.json');
      update.payload.candidate.id = 9200011;
      update.payload.candidate.can_email = false;
      update.payload.candidate.email_addresses = [{ value: 'jane.new@example.com', type: 'personal' }];
      expect((await send(api, signGreenhouse(greenhouseJson(update)))).status).toBe(200);
      const state = await application('9100011');
      expect(state.candidate).toMatchObject({ email: 'jane.new@example.com', can_email: false });
    });

    it('Greenhouse delete_candidate erases the candidate in candidates and event_log', async () => {
      const body = greenhouseApplication({ applicationId: 9100012, candidateId: 9200012, jobId: 9300012 });
      body.payload.application.candidate.first_name = 'Erin';
      body.payload.application.candidate.last_name = 'Erasable';
      body.payload.application.candidate.email_addresses = [
        { value: 'erin.erasable@example.com', type: 'personal' },
      ];
      await send(api, signGreenhouse(greenhouseJson(body)));
      expect((await application('9100012')).candidate.email).toBe('erin.erasable@example.com');

      const deletion = fixture('greenhouse', 'delete_candidate.json');
      deletion.payload.person.id = 9200012;
      expect((await send(api, signGreenhouse(greenhouseJson(deletion)))).status).toBe(200);

      const state = await application('9100012');
      expect(state.candidate).toMatchObject({ name: '[erased]', email: null });
      const [candidate] = await sql(
        api,
        `SELECT name, email, erased_at FROM candidates WHERE id = '9200012'`,
      );
      expect(candidate).toMatchObject({ name: '[erased]', email: null });
      expect(candidate.erased_at).not.toBeNull();
      const logged = await sql<{ text: string }>(
        api,
        `SELECT payload::text || coalesce(vendor_payload::text, '') AS text FROM event_log
         WHERE candidate_id = '9200012' OR application_id = '9100012'`,
      );
      expect(logged.length).toBeGreaterThan(0);
      for (const row of logged) {
        expect(row.text).not.toContain('erin.erasable@example.com');
        expect(row.text).not.toContain('Erasable');
      }
    });

    it('Ashby: application, candidate, job and hiring team', async () => {
      expect((await send(api, signAshby(fixtureText('ashby', 'applicationSubmit.sample.json')))).status).toBe(
        200,
      );
      const state = await application('2d4c3f1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f');
      expect(state).toMatchObject({
        status: 'active',
        source: 'ashby',
        stage: { name: 'Application Review' },
        candidate: { id: 'f9e8d7c6-b5a4-4321-8765-0fedcba98765', name: 'James', email: 'test@ashbyhq.com' },
        job: {
          id: '4071538b-3cac-4fbf-ac76-f78ed250ffdd',
          title: 'First Designer',
          recruiter: { name: 'Rita Recruiter', email: 'rita.recruiter@example.com' },
          hiring_manager: { name: 'Harry Manager', email: 'harry.manager@example.com' },
        },
      });
    });

    it('Lever: an opportunity becomes an application; archive closes it; a stage change keeps the candidate', async () => {
      const created = fixture('lever', 'applicationCreated.sample.json');
      created.data.opportunityId = 'lever-opp-1';
      created.id = 'lever-evt-created-1';
      expect((await send(api, signLever(created))).json()).toEqual({ status: 'accepted', events: 1 });
      const state = await application('lever-opp-1');
      expect(state).toMatchObject({
        status: 'active',
        source: 'lever',
        candidate: { id: created.data.contactId },
      });

      const archived = fixture('lever', 'candidateArchiveChange.sample.json');
      archived.data.opportunityId = 'lever-opp-1';
      archived.id = 'lever-evt-archived-1';
      expect((await send(api, signLever(archived))).status).toBe(200);
      expect((await application('lever-opp-1')).status).toBe('rejected');
    });
  });

  describe('the directory: PUT /v1/people/{id}', () => {
    it('a payload naming a vendor user id reaches the directory person', async () => {
      const put = await api.request({
        method: 'PUT',
        url: '/v1/people/hm_42',
        headers: { 'content-type': 'application/json' },
        body: {
          name: 'Morgan Manager',
          email: 'morgan@example.com',
          timezone: 'Europe/Berlin',
          country: 'de',
          vendor_user_ids: ['greenhouse:4242'],
        },
      });
      expect(put.status).toBe(200);
      expect(put.json()).toEqual({
        id: 'hm_42',
        name: 'Morgan Manager',
        email: 'morgan@example.com',
        timezone: 'Europe/Berlin',
        country: 'DE',
        vendor_user_ids: ['greenhouse:4242'],
      });

      const body = greenhouseApplication({ applicationId: 9100020, candidateId: 9200020, jobId: 9300020 });
      body.payload.application.jobs[0].hiring_team.hiring_managers = [{ user_id: 4242, employee_id: null }];
      await send(api, signGreenhouse(greenhouseJson(body)));
      const state = await application('9100020');
      expect(state.job.hiring_manager).toEqual({
        id: 'hm_42',
        name: 'Morgan Manager',
        email: 'morgan@example.com',
        timezone: 'Europe/Berlin',
        country: 'DE',
      });
    });

    it('a person put after the job arrived: the job is repointed and its applications are due', async () => {
      const body = greenhouseApplication({ applicationId: 9100021, candidateId: 9200021, jobId: 9300021 });
      body.payload.application.jobs[0].hiring_team.hiring_managers = [{ user_id: 5151, employee_id: null }];
      await send(api, signGreenhouse(greenhouseJson(body)));
      expect((await application('9100021')).job.hiring_manager).toMatchObject({ id: 'greenhouse:5151' });
      await sql(
        api,
        `UPDATE applications SET next_evaluation_at = now() + interval '7 days' WHERE id = '9100021'`,
      );

      const before = Date.now();
      const put = await api.request({
        method: 'PUT',
        url: '/v1/people/hm_77',
        headers: { 'content-type': 'application/json' },
        body: {
          name: 'Alex Approver',
          email: 'alex@example.com',
          vendor_user_ids: ['greenhouse:5151', 'lever:u-77'],
        },
      });
      expect(put.status).toBe(200);
      const state = await application('9100021');
      expect(state.job.hiring_manager).toMatchObject({
        id: 'hm_77',
        name: 'Alex Approver',
        email: 'alex@example.com',
      });
      expect(new Date(state.next_evaluation_at).getTime()).toBeLessThanOrEqual(Date.now());
      expect(new Date(state.next_evaluation_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    });

    it('a vendor user id stands for one person only: 409', async () => {
      const response = await api.request({
        method: 'PUT',
        url: '/v1/people/hm_other',
        headers: { 'content-type': 'application/json' },
        body: { name: 'Someone Else', email: 'else@example.com', vendor_user_ids: ['greenhouse:4242'] },
      });
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('400 naming the bad fields; 401 without the token', async () => {
      const response = await api.request({
        method: 'PUT',
        url: '/v1/people/hm_bad',
        headers: { 'content-type': 'application/json' },
        body: { name: '', email: 'not-an-email', timezone: 'Mars/Olympus', vendor_user_ids: ['workday:1'] },
      });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const paths = response.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'email', 'timezone', 'vendor_user_ids.0']));

      const unauthenticated = await api.request({
        method: 'PUT',
        url: '/v1/people/hm_1',
        headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
        body: { name: 'A', email: 'a@example.com' },
      });
      expect(unauthenticated.status).toBe(401);
    });

    it('a directory person is not overwritten by later payloads', async () => {
      await api.request({
        method: 'PUT',
        url: '/v1/people/rec_betty',
        headers: { 'content-type': 'application/json' },
        body: {
          name: 'Betty Smith-Jones',
          email: 'betty@example.com',
          vendor_user_ids: ['greenhouse:92121'],
        },
      });
      const body = greenhouseApplication({ applicationId: 9100022, candidateId: 9200022, jobId: 9300022 });
      await send(api, signGreenhouse(greenhouseJson(body)));
      const state = await application('9100022');
      expect(state.job.recruiter).toMatchObject({
        id: 'rec_betty',
        name: 'Betty Smith-Jones',
        email: 'betty@example.com',
      });
    });

    it('is documented in /docs', async () => {
      const document = (await api.request({ method: 'GET', url: '/docs/json' })).json<Json>();
      const operation = document.paths['/v1/people/{id}']?.put;
      expect(operation).toBeDefined();
      expect(operation.tags).toContain('people');
      expect(operation.requestBody).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
      // Issue 12: /docs documents the webhook endpoints too (test/e2e/openapi.test.ts checks them in full).
      expect(document.paths['/webhooks/greenhouse']?.post).toMatchObject({ tags: ['webhooks'] });
    });
  });
});

describe('vendor endpoints without their secrets', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      GREENHOUSE_SECRET: undefined,
      LEVER_SIGNATURE_TOKEN: undefined,
      ASHBY_SECRET: undefined,
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it.each([
    ['greenhouse', () => signGreenhouse(fixtureText('greenhouse', 'candidate_stage_change.json'))],
    ['lever', () => signLever(fixture('lever', 'applicationCreated.sample.json'))],
    ['ashby', () => signAshby(fixtureText('ashby', 'applicationSubmit.sample.json'))],
  ])('%s answers 404 problem+json', async (_vendor, sign) => {
    const response = await send(api, sign());
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
