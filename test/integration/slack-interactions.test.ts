import { Injectable } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type IORedis from 'ioredis';
import { createHmac } from 'node:crypto';
import { AppConfigModule } from '../../src/config/config.module';
import { registerJsonBodyParser } from '../../src/infra/http/json-body';
import { ProblemDetailsFilter } from '../../src/infra/http/problem-details.filter';
import { createRedisConnection } from '../../src/infra/queue/redis';
import type { SlackButtonPress, SlackInteractionHandler } from '../../src/infra/slack/slack-interaction';
import { blockActionsPayload, interactionBody } from '../../src/infra/slack/slack-interaction.fixture';
import { SlackInteractionsModule } from '../../src/infra/slack/slack.module';
import { testRedisUrl } from '../support/environment';
import { RedisConnectionModule } from '../support/redis-connection.module';
import { createTestPrefix } from '../support/redis';
import { testConfig } from '../support/test-app';

// POST /slack/interactions through Fastify and Nest with real Redis: requests signed the way Slack
// signs them (api.slack.com/authentication/verifying-requests-from-slack: v0 HMAC-SHA256 over
// "v0:{timestamp}:{raw body}"), and forged, stale and replayed ones refused with 401 problem+json.

const signingSecret = 'keepwarm-test-slack-signing-secret';

function signed(body: string, options: { secret?: string; at?: Date } = {}): Record<string, string> {
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  const signature = createHmac('sha256', options.secret ?? signingSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${signature}`,
  };
}

/** The handler part 2 will provide, here a recorder whose pace the test decides. */
@Injectable()
class RecordingHandler implements SlackInteractionHandler {
  static presses: SlackButtonPress[] = [];
  static gate: Promise<void> | null = null;
  static failWith: Error | null = null;

  async handleButtonPress(press: SlackButtonPress): Promise<void> {
    if (RecordingHandler.gate) await RecordingHandler.gate;
    if (RecordingHandler.failWith) throw RecordingHandler.failWith;
    RecordingHandler.presses.push(press);
  }
}

describe('POST /slack/interactions', () => {
  const { prefix, clear } = createTestPrefix();
  let redis: IORedis;
  const apps: NestFastifyApplication[] = [];

  /** An API replica: the controller registered the way part 2 will register it. */
  async function startApi(env: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const config = testConfig({ QUEUE_PREFIX: prefix, SLACK_SIGNING_SECRET: signingSecret, ...env });
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(config),
        RedisConnectionModule.with(redis),
        SlackInteractionsModule.register({ handler: RecordingHandler }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      bodyParser: false,
      logger: false,
    });
    // As createApi does: JSON only, then each module adds the form routes it needs when it starts.
    registerJsonBodyParser(app.getHttpAdapter().getInstance());
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    apps.push(app);
    return app;
  }

  let api: NestFastifyApplication;

  beforeAll(async () => {
    redis = createRedisConnection(testRedisUrl(), 'producer', 'keepwarm-test-slack-interactions');
    // The API's connection fails fast rather than queue commands: let it connect before the first request.
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    api = await startApi();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    redis.disconnect();
    await clear();
  });

  beforeEach(() => {
    RecordingHandler.presses = [];
    RecordingHandler.gate = null;
    RecordingHandler.failWith = null;
  });

  const post = (
    app: NestFastifyApplication,
    body: string,
    headers: Record<string, string>,
    url = '/slack/interactions',
  ) => app.inject({ method: 'POST', url, headers, payload: body });

  it('hands a signed button press to the handler and answers 200 with an empty body', async () => {
    const body = interactionBody(
      blockActionsPayload({ value: 'one-click-token-contacted', actionId: 'kw_contacted' }),
    );
    const response = await post(api, body, signed(body));
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(RecordingHandler.presses).toEqual([
      expect.objectContaining({
        actionId: 'kw_contacted',
        value: 'one-click-token-contacted',
        user: { id: 'U0123ABCDEF', teamId: 'T012AB3C4', username: 'rachel' },
        message: { channel: 'D0123ABCDEF', ts: '1764640000.000100' },
      }),
    ]);
  });

  it('refuses a forged signature with 401 problem+json, before reading the body', async () => {
    const body = interactionBody(blockActionsPayload());
    const response = await post(api, body, signed(body, { secret: 'not-the-signing-secret' }));
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      type: 'https://keepwarm.dev/problems/invalid-signature',
      status: 401,
    });
    // An unreadable body with a forged signature is refused as forged: nothing was read first.
    const broken = 'payload=%7Bbroken';
    expect((await post(api, broken, signed(broken, { secret: 'not-the-signing-secret' }))).statusCode).toBe(
      401,
    );
    expect(RecordingHandler.presses).toHaveLength(0);
  });

  it('refuses a body changed after signing, and a request without the headers', async () => {
    const body = interactionBody(blockActionsPayload({ value: 'token-a' }));
    const tampered = interactionBody(blockActionsPayload({ value: 'token-b' }));
    expect((await post(api, tampered, signed(body))).statusCode).toBe(401);
    expect(
      (await post(api, body, { 'content-type': 'application/x-www-form-urlencoded' })).json(),
    ).toMatchObject({ status: 401, detail: expect.stringContaining('X-Slack-Signature') });
    expect(RecordingHandler.presses).toHaveLength(0);
  });

  it('refuses a stale request (more than 5 minutes old) and one from the future, though correctly signed', async () => {
    const body = interactionBody(blockActionsPayload());
    const old = await post(api, body, signed(body, { at: new Date(Date.now() - 301_000) }));
    expect(old.statusCode).toBe(401);
    expect(old.json()).toMatchObject({ detail: expect.stringContaining('more than 5 minutes') });
    expect((await post(api, body, signed(body, { at: new Date(Date.now() + 301_000) }))).statusCode).toBe(
      401,
    );
    expect((await post(api, body, signed(body, { at: new Date(Date.now() - 290_000) }))).statusCode).toBe(
      200,
    );
    expect(RecordingHandler.presses).toHaveLength(1);
  });

  it('refuses a replay, on this replica and on another', async () => {
    const body = interactionBody(blockActionsPayload({ value: 'replayed-token' }));
    const headers = signed(body);
    expect((await post(api, body, headers)).statusCode).toBe(200);
    const again = await post(api, body, headers);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ type: 'https://keepwarm.dev/problems/replayed-request' });
    const otherReplica = await startApi();
    expect((await post(otherReplica, body, headers)).statusCode).toBe(401);
    expect(RecordingHandler.presses).toHaveLength(1);
  });

  it('answers 400 problem+json to a signed body it cannot read', async () => {
    for (const body of [
      'payload=%7Bbroken',
      'nothing=here',
      interactionBody({ type: 'block_actions', actions: [] }),
    ]) {
      const response = await post(api, body, signed(body));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ type: 'https://keepwarm.dev/problems/malformed-payload' });
    }
    expect(RecordingHandler.presses).toHaveLength(0);
  });

  it('acknowledges what keepwarm does not act on: another interaction type, a link button', async () => {
    const submission = interactionBody({ type: 'view_submission', view: { id: 'V1' } });
    expect((await post(api, submission, signed(submission))).statusCode).toBe(200);
    const link = blockActionsPayload();
    link.actions = [{ type: 'button', action_id: 'kw_open_desk', block_id: 'kw_actions', action_ts: '1.1' }];
    const linkBody = interactionBody(link);
    expect((await post(api, linkBody, signed(linkBody))).statusCode).toBe(200);
    expect(RecordingHandler.presses).toHaveLength(0);
  });

  it("answers within Slack's 3 seconds even when the handler is slower, and lets it finish", async () => {
    let open: () => void = () => undefined;
    RecordingHandler.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const body = interactionBody(blockActionsPayload({ value: 'slow-token' }));
    const response = await post(api, body, signed(body));
    expect(response.statusCode).toBe(200);
    // The answer came while the handler was still waiting.
    expect(RecordingHandler.presses).toHaveLength(0);
    open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(RecordingHandler.presses.map((press) => press.value)).toEqual(['slow-token']);
  });

  it('answers 500 problem+json when the handler fails, without echoing it', async () => {
    RecordingHandler.failWith = new Error('database exploded near one-click-token-secret');
    const body = interactionBody(blockActionsPayload());
    const response = await post(api, body, signed(body));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('one-click-token-secret');
  });

  it('keeps other routes to JSON: a form body elsewhere is 415', async () => {
    const body = interactionBody(blockActionsPayload());
    expect((await post(api, body, signed(body), '/slack/other')).statusCode).toBe(415);
  });

  it('answers 404 when SLACK_SIGNING_SECRET is unset', async () => {
    const unconfigured = await startApi({ SLACK_SIGNING_SECRET: '' });
    const body = interactionBody(blockActionsPayload());
    const response = await post(unconfigured, body, signed(body));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ type: 'https://keepwarm.dev/problems/endpoint-not-configured' });
  });
});
