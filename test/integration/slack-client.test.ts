import { Logger, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue, Worker, type Job } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../src/config/app-config';
import { AppConfigModule } from '../../src/config/config.module';
import { renderSlackAlert } from '../../src/email/slack/alert.blocks';
import { renderSlackActionOutcome } from '../../src/email/slack/action-outcome.blocks';
import { postponeJob } from '../../src/infra/queue/postpone-job';
import { bullConnectionOptions, createRedisConnection } from '../../src/infra/queue/redis';
import { SlackClient, type SlackMessage } from '../../src/infra/slack/slack-client';
import { suppressionReason } from '../../src/infra/slack/slack-outcome';
import { SlackModule } from '../../src/infra/slack/slack.module';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.fake';
import { testRedisUrl } from '../support/environment';
import { RedisConnectionModule } from '../support/redis-connection.module';
import { createTestPrefix } from '../support/redis';
import { testConfig } from '../support/test-app';

// The Slack adapter through @slack/web-api itself, against the local fake of Slack's Web API, with
// real Redis for the user cache and the rate limits that replicas share.

const rachel = { id: 'U0123ABCDEF', email: 'rachel@acme.example', name: 'Rachel Green' };
const monica = { id: 'U0456GHIJKL', email: 'monica@acme.example', name: 'Monica Geller' };

const alert: SlackMessage = renderSlackAlert({
  candidate_name: 'Adam Hart',
  job_title: 'Data Engineer',
  stage_name: 'Onsite',
  severity: 'urgent',
  reasons: [{ title: 'Competing offer deadline', measure: { text: 'deadline in 2 days' } }],
  actions: [{ id: 'contacted', label: 'I called them', value: 'one-click-token-contacted' }],
  snoozes: [{ id: 'snooze_2d', label: 'Snooze 2 days', value: 'one-click-token-snooze-2d' }],
  desk_url: 'https://keepwarm.example.com/app/applications/app-1',
});

describe('the Slack adapter against the fake Slack Web API', () => {
  let slack: FakeSlack;
  let redis: IORedis;
  const prefixes: { clear(): Promise<void> }[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.addUser(rachel);
    slack.addUser(monica);
    redis = createRedisConnection(testRedisUrl(), 'worker', 'keepwarm-test-slack');
  });

  afterAll(async () => {
    await Promise.all(prefixes.map((prefix) => prefix.clear()));
    redis.disconnect();
    await slack.close();
  });

  beforeEach(() => {
    slack.requests.length = 0;
  });

  /** A client as a worker gets it from SlackModule; `prefix` shared means "another replica". */
  async function clientFor(env: Record<string, string> = {}, prefix?: string): Promise<SlackClient> {
    let queuePrefix = prefix;
    if (queuePrefix === undefined) {
      const created = createTestPrefix();
      prefixes.push(created);
      queuePrefix = created.prefix;
    }
    const config: AppConfig = testConfig({
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      QUEUE_PREFIX: queuePrefix,
      SLACK_TIMEOUT_MS: '2000',
      ...env,
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), RedisConnectionModule.with(redis), SlackModule],
    }).compile();
    return moduleRef.get(SlackClient);
  }

  describe('users.lookupByEmail', () => {
    it('finds a user by email, as a form POST with the bot token, and remembers the answer', async () => {
      const client = await clientFor();
      expect(await client.findUserByEmail(rachel.email)).toEqual({ ok: true, value: { userId: rachel.id } });
      expect(await client.findUserByEmail(' Rachel@ACME.example ')).toEqual({
        ok: true,
        value: { userId: rachel.id },
      });
      const lookups = slack.requestsFor('users.lookupByEmail');
      expect(lookups).toHaveLength(1);
      expect(lookups[0]).toMatchObject({
        path: '/api/users.lookupByEmail',
        authorization: `Bearer ${slack.token}`,
        contentType: 'application/x-www-form-urlencoded',
        fields: { email: rachel.email },
      });
    });

    it('records an unknown user as slack_user_not_found, remembers that for less long, then asks again', async () => {
      const client = await clientFor({ SLACK_USER_MISS_TTL_MS: '1000' });
      const joey = { id: 'U0789MNOPQR', email: 'joey@acme.example' };
      const missing = await client.findUserByEmail(joey.email);
      expect(missing).toEqual({ ok: false, kind: 'not_found', error: 'users_not_found' });
      expect(!missing.ok && suppressionReason(missing)).toBe('slack_user_not_found');
      expect(await client.findUserByEmail(joey.email)).toMatchObject({ ok: false, kind: 'not_found' });
      expect(slack.requestsFor('users.lookupByEmail')).toHaveLength(1);

      slack.addUser(joey);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await client.findUserByEmail(joey.email)).toEqual({ ok: true, value: { userId: joey.id } });
      expect(slack.requestsFor('users.lookupByEmail')).toHaveLength(2);
    });

    it('forgets a found user when the cache expires or when told to', async () => {
      const client = await clientFor({ SLACK_USER_CACHE_TTL_MS: '1000' });
      await client.findUserByEmail(monica.email);
      await client.forgetUser(monica.email);
      await client.findUserByEmail(monica.email);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await client.findUserByEmail(monica.email);
      await client.findUserByEmail(monica.email);
      expect(slack.requestsFor('users.lookupByEmail')).toHaveLength(3);
    });

    it('records a refused token as slack_not_authorized', async () => {
      const wrong = await clientFor({ SLACK_BOT_TOKEN: 'xoxb-0000-wrong' });
      const refused = await wrong.findUserByEmail(rachel.email);
      expect(refused).toEqual({ ok: false, kind: 'not_authorized', error: 'invalid_auth' });
      expect(!refused.ok && suppressionReason(refused)).toBe('slack_not_authorized');
      expect(await wrong.postDirectMessage(rachel.id, alert)).toEqual({
        ok: false,
        kind: 'not_authorized',
        error: 'invalid_auth',
      });
    });
  });

  describe('chat.postMessage, chat.update and response_url', () => {
    it('posts a direct message with Block Kit and keeps the DM channel and ts', async () => {
      const client = await clientFor();
      const posted = await client.postDirectMessage(rachel.id, alert);
      expect(posted).toEqual({
        ok: true,
        value: { channel: 'D0123ABCDEF', ts: expect.stringMatching(/^\d+\.\d{6}$/) },
      });
      const [request] = slack.requestsFor('chat.postMessage');
      expect(request.authorization).toBe(`Bearer ${slack.token}`);
      expect(request.fields).toMatchObject({
        channel: rachel.id,
        text: alert.text,
        unfurl_links: 'false',
        unfurl_media: 'false',
      });
      expect(JSON.parse(request.fields.blocks)).toEqual(alert.blocks);
      expect(slack.messages.at(-1)).toMatchObject({
        channel: 'D0123ABCDEF',
        userId: rachel.id,
        text: alert.text,
      });
    });

    it('rewrites the posted message with chat.update on its D… channel, and through the response_url', async () => {
      const client = await clientFor();
      const posted = await client.postDirectMessage(monica.id, alert);
      if (!posted.ok) throw new Error(`post failed: ${posted.error}`);
      const outcome = renderSlackActionOutcome({
        actor_slack_user_id: monica.id,
        actor_name: monica.name,
        candidate_name: 'Adam Hart',
        outcome: { kind: 'recorded', what: 'snoozed for 2 days' },
        at: new Date('2026-11-20T08:14:00Z'),
        timezone: 'Europe/London',
        desk_url: 'https://keepwarm.example.com/app/applications/app-1',
      });
      expect(await client.updateMessage(posted.value, outcome)).toEqual({ ok: true, value: posted.value });
      const message = slack.messages.find((candidate) => candidate.ts === posted.value.ts);
      expect(message?.versions).toEqual([{ via: 'chat.update', text: outcome.text, blocks: outcome.blocks }]);
      // Slack wants the DM's D… id for chat.update, not the user's id.
      expect(await client.updateMessage({ channel: monica.id, ts: posted.value.ts }, outcome)).toEqual({
        ok: false,
        kind: 'rejected',
        error: 'channel_not_found',
      });

      const responseUrl = slack.responseUrlFor(posted.value);
      expect(await client.replaceOriginal(responseUrl, outcome)).toEqual({ ok: true, value: null });
      const [answer] = slack.requestsFor('response_url');
      expect(answer.contentType).toMatch(/^application\/json/);
      expect(answer.authorization).toBeUndefined();
      expect(answer.json).toEqual({ replace_original: true, text: outcome.text, blocks: outcome.blocks });
      expect(message?.versions.at(-1)).toEqual({
        via: 'response_url',
        text: outcome.text,
        blocks: outcome.blocks,
      });
      for (let use = 2; use <= 5; use += 1) await client.replaceOriginal(responseUrl, outcome);
      expect(await client.replaceOriginal(responseUrl, outcome)).toEqual({
        ok: false,
        kind: 'rejected',
        error: 'http_404',
      });
    });

    it('says a user who cannot be messaged is not a retry', async () => {
      const client = await clientFor();
      expect(await client.postDirectMessage('U0000NOBODY', alert)).toEqual({
        ok: false,
        kind: 'rejected',
        error: 'channel_not_found',
      });
    });
  });

  describe('rate limits', () => {
    it('paces one message per second per channel across replicas, without asking Slack', async () => {
      const shared = createTestPrefix();
      prefixes.push(shared);
      const replicaA = await clientFor({}, shared.prefix);
      const replicaB = await clientFor({}, shared.prefix);
      expect((await replicaA.postDirectMessage(rachel.id, alert)).ok).toBe(true);
      const paced = await replicaB.postDirectMessage(rachel.id, alert);
      expect(paced).toMatchObject({ ok: false, kind: 'rate_limited', error: 'paced' });
      expect(!paced.ok && paced.kind === 'rate_limited' && paced.retryAfterMs).toBeGreaterThan(0);
      expect(!paced.ok && paced.kind === 'rate_limited' && paced.retryAfterMs).toBeLessThanOrEqual(1000);
      // Another recipient is another channel.
      expect((await replicaB.postDirectMessage(monica.id, alert)).ok).toBe(true);
      expect(slack.requestsFor('chat.postMessage')).toHaveLength(2);
    });

    it('honours a 429: nothing more until its Retry-After, from any replica, then it goes through', async () => {
      const shared = createTestPrefix();
      prefixes.push(shared);
      const replicaA = await clientFor({}, shared.prefix);
      const replicaB = await clientFor({}, shared.prefix);
      slack.rateLimitChannel(monica.id, 1, 2);
      expect(await replicaA.postDirectMessage(monica.id, alert)).toEqual({
        ok: false,
        kind: 'rate_limited',
        error: 'ratelimited',
        retryAfterMs: 2000,
      });
      const [limited] = slack.requestsFor('chat.postMessage');
      expect(limited).toMatchObject({ status: 429, error: 'ratelimited' });
      const waiting = await replicaB.postDirectMessage(rachel.id, alert);
      expect(waiting).toMatchObject({ ok: false, kind: 'rate_limited', error: 'paced' });
      expect(!waiting.ok && waiting.kind === 'rate_limited' && waiting.retryAfterMs).toBeGreaterThan(1000);
      expect(slack.requestsFor('chat.postMessage')).toHaveLength(1);

      await new Promise((resolve) => setTimeout(resolve, 2050));
      expect((await replicaB.postDirectMessage(monica.id, alert)).ok).toBe(true);
      expect(slack.messages.filter((message) => message.userId === monica.id).at(-1)?.text).toBe(alert.text);
    });

    it('delays a BullMQ job until Slack may take its message, without spending an attempt', async () => {
      const own = createTestPrefix();
      prefixes.push(own);
      const client = await clientFor({}, own.prefix);
      // Slack's "about one per second": a little slack for the time between taking a slot and arriving.
      slack.enforceChannelRate(900);
      slack.rateLimitChannel(rachel.id, 1, 1);
      const connection = bullConnectionOptions(testRedisUrl(), 'worker');
      const queue = new Queue('slack-test', { connection, prefix: own.prefix });
      const delivered: { job: string; attemptsMade: number }[] = [];
      const worker = new Worker(
        'slack-test',
        async (job: Job<{ userId: string; n: number }>, token?: string) => {
          const posted = await client.postDirectMessage(job.data.userId, { text: `message ${job.data.n}` });
          if (!posted.ok && posted.kind === 'rate_limited')
            await postponeJob(job, token, posted.retryAfterMs);
          if (!posted.ok) throw new Error(posted.error);
          delivered.push({ job: job.id ?? '', attemptsMade: job.attemptsMade });
        },
        { connection, prefix: own.prefix, concurrency: 3 },
      );
      try {
        await queue.addBulk(
          [1, 2, 3].map((n) => ({
            name: 'post',
            data: { userId: rachel.id, n },
            opts: { jobId: `m${n}`, attempts: 1 },
          })),
        );
        const deadline = Date.now() + 20_000;
        while (delivered.length < 3 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        await worker.close();
        await queue.close();
        slack.enforceChannelRate(null);
      }
      expect(delivered.map((entry) => entry.job).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(delivered.every((entry) => entry.attemptsMade === 0)).toBe(true);
      const posts = slack.requestsFor('chat.postMessage');
      // The one 429 the fake was told to give, and none for pace: every other post was one second apart.
      expect(posts.filter((post) => post.status === 429)).toHaveLength(1);
      expect(
        posts
          .filter((post) => post.status === 200)
          .map((post) => post.fields.text)
          .sort(),
      ).toEqual(['message 1', 'message 2', 'message 3']);
    });
  });

  describe('failures', () => {
    let logged: string[];
    const capture: LoggerService = {
      log: (message: unknown) => logged.push(JSON.stringify(message)),
      error: (message: unknown) => logged.push(JSON.stringify(message)),
      warn: (message: unknown) => logged.push(JSON.stringify(message)),
    };

    // After compiling the clients: Nest's testing module installs a logger of its own when it compiles.
    function captureLogs(): void {
      logged = [];
      Logger.overrideLogger(capture);
    }

    afterEach(() => {
      slack.setDown(null);
      slack.setDelay(0);
      Logger.overrideLogger(false);
    });

    it('retries an outage, a timeout and a refused connection, and logs no token or message text', async () => {
      const client = await clientFor({ SLACK_TIMEOUT_MS: '300' });
      const unreachable = await clientFor({ SLACK_API_URL: 'http://127.0.0.1:9/api/' });
      captureLogs();
      slack.setDown(503);
      expect(await client.postDirectMessage(rachel.id, alert)).toEqual({
        ok: false,
        kind: 'retryable',
        error: 'http_503',
      });
      slack.setDown(null);
      slack.setDelay(800);
      expect(await client.findUserByEmail(monica.email)).toEqual({
        ok: false,
        kind: 'retryable',
        error: 'timeout',
      });
      slack.setDelay(0);
      expect(await unreachable.postDirectMessage(monica.id, alert)).toEqual({
        ok: false,
        kind: 'retryable',
        error: 'request_failed',
      });
      expect(logged.length).toBeGreaterThan(0);
      const everything = logged.join('\n');
      for (const secret of [slack.token, 'Adam Hart', monica.email, 'one-click-token'])
        expect(everything).not.toContain(secret);
    });

    it('revoked token: token_revoked is slack_not_authorized', async () => {
      const revoked = await startFakeSlack();
      try {
        revoked.addUser(rachel);
        const client = await clientFor({ SLACK_API_URL: revoked.apiUrl });
        expect((await client.postDirectMessage(rachel.id, alert)).ok).toBe(true);
        revoked.revokeToken();
        const refused = await client.postDirectMessage(monica.id, alert);
        expect(refused).toEqual({ ok: false, kind: 'not_authorized', error: 'token_revoked' });
      } finally {
        await revoked.close();
      }
    });
  });

  it('is off without a token: nothing reaches Slack', async () => {
    const off = await clientFor({ SLACK_BOT_TOKEN: '' });
    expect(off.enabled).toBe(false);
    await expect(off.postDirectMessage(rachel.id, alert)).rejects.toThrow(/SLACK_BOT_TOKEN is unset/);
    await expect(off.findUserByEmail(rachel.email)).rejects.toThrow(/SLACK_BOT_TOKEN is unset/);
    expect(slack.requests).toHaveLength(0);
  });
});
