import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttentionDriver, recruiterAvery } from '../integration/attention-support';
import { startTestApi, TestApi } from '../support/test-app';

// What the REST API takes, through the real HTTP stack: /v1 requests are strict (a field or
// parameter an endpoint does not take is a 400 naming it), webhook bodies stay lenient, every date
// error shows the accepted form, and a snooze's date means the start of that day in the recruiter's
// timezone (the policy's when the recruiter's is unknown), across DST changes.

interface Problem {
  status: number;
  detail: string;
  errors: Array<{ path: string; message: string }>;
}

const day = 86_400_000;
const ago = (days: number): string => new Date(Date.now() - days * day).toISOString();

// Dates years ahead, so the test means the same whenever it runs. Berlin springs forward on
// 2030-03-31; Havana does it at midnight on 2030-03-10, so that day starts at 01:00.
const berlin = { ...recruiterAvery, id: 'rec_berlin', timezone: 'Europe/Berlin' };
const havana = { ...recruiterAvery, id: 'rec_havana', timezone: 'America/Havana' };
const nowhere = { id: 'rec_nowhere', name: 'Nowhere Recruiter', email: 'nowhere@example.com' };

describe('REST requests', () => {
  let api: TestApi;
  let pipeline: AttentionDriver;
  let policyDirectory: string;

  beforeAll(async () => {
    // The policy's timezone stands in for a recruiter whose own is unknown.
    policyDirectory = mkdtempSync(join(tmpdir(), 'keepwarm-policy-'));
    const policyFile = join(policyDirectory, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ timezone: 'Asia/Tokyo' }));
    api = await startTestApi({ POLICY_FILE: policyFile });
    pipeline = new AttentionDriver(api);
    await pipeline.create('rest_berlin', ago(3), { recruiter: berlin, jobId: 'job_berlin' });
    await pipeline.create('rest_havana', ago(3), { recruiter: havana, jobId: 'job_havana' });
    await pipeline.create('rest_nowhere', ago(3), {
      recruiter: nowhere as typeof recruiterAvery,
      jobId: 'job_nowhere',
    });
  });

  afterAll(async () => {
    await api?.close();
    rmSync(policyDirectory, { recursive: true, force: true });
  });

  async function send(method: string, url: string, body?: unknown) {
    const response = await api.request({ method, url, body: body as object | undefined });
    return {
      status: response.status,
      type: String(response.headers['content-type']),
      json: () => response.json<Problem>(),
    };
  }

  async function refused(method: string, url: string, body?: unknown): Promise<Problem> {
    const response = await send(method, url, body);
    expect({ status: response.status, type: response.type }).toEqual({
      status: 400,
      type: expect.stringContaining('application/problem+json'),
    });
    return response.json();
  }

  async function snoozedUntil(applicationId: string, until: string): Promise<string> {
    const response = await api.request({
      method: 'POST',
      url: `/v1/applications/${applicationId}/snooze`,
      body: { until },
    });
    expect(response.status).toBe(200);
    return response.json<{ snoozed_until: string }>().snoozed_until;
  }

  describe('strict bodies and parameters', () => {
    it('refuses a misspelt field, naming it and the fields the endpoint takes, and records nothing', async () => {
      const problem = await refused('POST', '/v1/applications/rest_berlin/actions', {
        kind: 'manager_nudged',
        notes: 'x',
      });
      expect(problem.errors).toEqual([
        { path: 'notes', message: 'is not a field of this request (it takes kind, note)' },
      ]);
      expect(problem.detail).toContain('notes');
      expect(await pipeline.query('SELECT id FROM recruiter_actions')).toEqual([]);
    });

    it.each([
      [
        'PUT',
        '/v1/people/hm_9',
        { name: 'Morgan', email: 'morgan@example.com', vendor_ids: [] },
        'vendor_ids',
      ],
      ['POST', '/v1/digests', { recruiter: 'rec_berlin' }, 'recruiter'],
      ['POST', '/v1/applications/rest_berlin/snooze', { until: '2030-01-01', why: 'x' }, 'why'],
      ['POST', '/v1/scans', { all: true }, 'all'],
      ['POST', '/v1/candidates/cand_rest_berlin/opt-out', { reason: 'x' }, 'reason'],
    ])('%s %s with an unknown field answers 400 naming it', async (method, url, body, path) => {
      const problem = await refused(method, url, body);
      expect(problem.errors.map((error) => error.path)).toEqual([path]);
    });

    it.each([
      ['/v1/attention?recuiter_id=rec_berlin', 'recuiter_id', 'recruiter_id, kind, limit, cursor'],
      ['/v1/applications/rest_berlin?expand=flags', 'expand', 'none'],
      ['/v1/notifications?applicationId=rest_berlin', 'applicationId', 'application_id, cursor, limit'],
      ['/v1/recruiters/rec_berlin/digest?day=2030-01-01', 'day', 'date'],
    ])('GET %s answers 400 naming the unknown parameter', async (url, path, takes) => {
      const problem = await refused('GET', url);
      expect(problem.errors).toEqual([
        { path, message: `is not a parameter of this endpoint (it takes ${takes})` },
      ]);
    });

    it('checks the token before the parameters', async () => {
      const response = await api.request({
        method: 'GET',
        url: '/v1/attention?recuiter_id=x',
        headers: { authorization: 'Bearer wrong' },
      });
      expect(response.status).toBe(401);
    });

    it('keeps webhook bodies lenient: unknown fields are ignored', async () => {
      const candidate = {
        ...pipeline.applicationSnapshot('rest_lenient').candidate,
        favourite_colour: 'teal',
      };
      await pipeline.send(
        'application.created',
        { application: { ...pipeline.applicationSnapshot('rest_lenient'), candidate }, extra: true },
        ago(1),
      );
      expect((await send('GET', '/v1/applications/rest_lenient')).status).toBe(200);
    });
  });

  describe('dates', () => {
    it.each([['tomorrow'], ['08/12/2030'], ['2030-02-30'], ['2030-12-08T09:00'], [20301208]])(
      'a snooze until %p answers 400 showing both accepted forms',
      async (until) => {
        const problem = await refused('POST', '/v1/applications/rest_berlin/snooze', { until });
        expect(problem.errors).toEqual([
          {
            path: 'until',
            message:
              'must be a date (YYYY-MM-DD, e.g. 2026-12-08) or an RFC 3339 date-time (e.g. 2026-12-08T09:00:00Z)',
          },
        ]);
      },
    );

    it('a snooze without until says what to send', async () => {
      const problem = await refused('POST', '/v1/applications/rest_berlin/snooze', { reason: 'later' });
      expect(problem.errors[0]).toMatchObject({
        path: 'until',
        message: expect.stringContaining('e.g. 2026-12-08'),
      });
    });

    it.each([
      ['POST', '/v1/digests', { date: '2030-02-30' }],
      ['POST', '/v1/digests', { date: 'next monday' }],
      ['GET', '/v1/recruiters/rec_berlin/digest?date=30.01.2030', undefined],
    ])('%s %s with a bad date answers 400 with an example', async (method, url, body) => {
      const problem = await refused(method, url, body);
      expect(problem.errors).toEqual([
        { path: 'date', message: 'must be a date as YYYY-MM-DD, e.g. 2026-12-08' },
      ]);
    });

    it("a date-only snooze starts at midnight in the recruiter's timezone, on both sides of a DST change", async () => {
      expect(await snoozedUntil('rest_berlin', '2030-03-31')).toBe('2030-03-30T23:00:00.000Z');
      expect(await snoozedUntil('rest_berlin', '2030-04-01')).toBe('2030-03-31T22:00:00.000Z');
    });

    it('a date whose midnight does not exist starts when the day does', async () => {
      expect(await snoozedUntil('rest_havana', '2030-03-09')).toBe('2030-03-09T05:00:00.000Z');
      expect(await snoozedUntil('rest_havana', '2030-03-10')).toBe('2030-03-10T05:00:00.000Z');
    });

    it("uses the policy's timezone when the recruiter's is unknown", async () => {
      expect(await snoozedUntil('rest_nowhere', '2030-01-10')).toBe('2030-01-09T15:00:00.000Z');
    });

    it('still takes an RFC 3339 date-time as given', async () => {
      expect(await snoozedUntil('rest_berlin', '2030-05-01T09:30:00+02:00')).toBe('2030-05-01T07:30:00.000Z');
    });

    it('refuses a date-only snooze that has begun, saying when it began and what would do', async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
      for (const until of ['2020-01-01', today]) {
        const problem = await refused('POST', '/v1/applications/rest_berlin/snooze', { until });
        expect(problem.errors).toEqual([
          {
            path: 'until',
            message: expect.stringMatching(
              new RegExp(
                `^${until} starts at \\S+Z in Europe/Berlin: must be in the future, e.g. \\d{4}-\\d{2}-\\d{2} or \\d{4}-\\d{2}-\\d{2}T09:00:00Z$`,
              ),
            ),
          },
        ]);
      }
    });

    it('refuses a past date-time with an example, and an unknown application with 404', async () => {
      const problem = await refused('POST', '/v1/applications/rest_berlin/snooze', { until: ago(1) });
      expect(problem.errors[0]).toMatchObject({
        path: 'until',
        message: expect.stringContaining('must be in the future, e.g.'),
      });
      expect((await send('POST', '/v1/applications/nope/snooze', { until: '2030-01-01' })).status).toBe(404);
    });
  });
});
