import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for Slack's Web API and for the response_url of a button press, built from Slack's
// documented request and response shapes (addresses beside each) and recorded in full for assertions.
// What it does not know it does not invent: it answers only the methods keepwarm calls.
//
// Basics (docs.slack.dev/apis/web-api): methods at `/api/<method>`, POST with form fields
// (application/x-www-form-urlencoded, what @slack/web-api sends) or JSON; the token as
// `Authorization: Bearer …` or a `token` field; every answer is JSON with `ok`, and an error is
// HTTP 200 with `{ok: false, error}` — except rate limiting: HTTP 429 with `Retry-After` in seconds
// and `{ok: false, error: "ratelimited"}` (docs.slack.dev/apis/web-api/rate-limits).

export interface FakeSlackUser {
  id: string;
  email: string;
  name?: string;
  deleted?: boolean;
}

export interface RecordedSlackRequest {
  /** The Web API method ("chat.postMessage"), or "response_url". */
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** Form fields (or the JSON body's top-level fields, stringified as Slack would receive them). */
  fields: Record<string, string>;
  /** The parsed JSON body of a JSON request (response_url). */
  json: unknown;
  /** What the fake answered. */
  status: number;
  error: string | null;
  receivedAt: number;
}

export interface FakeSlackMessage {
  /** The DM channel (D…) the message lives in. */
  channel: string;
  ts: string;
  userId: string;
  text: string | undefined;
  blocks: unknown[];
  /** Every later version: by chat.update or by a response_url with replace_original. */
  versions: { via: 'chat.update' | 'response_url'; text: string | undefined; blocks: unknown[] }[];
}

export interface FakeSlack {
  /** http://127.0.0.1:<port> */
  url: string;
  /** What SLACK_API_URL is set to. */
  apiUrl: string;
  token: string;
  requests: RecordedSlackRequest[];
  messages: FakeSlackMessage[];
  addUser(user: FakeSlackUser): void;
  /** Every later call answers `token_revoked`. */
  revokeToken(): void;
  /** The next `times` chat.postMessage calls to `channel` (a user id or a D… id) answer 429. */
  rateLimitChannel(channel: string, times: number, retryAfterSeconds: number): void;
  /** Answers 429 (Retry-After 1) to a second chat.postMessage to one channel within `intervalMs`: Slack's one per second. */
  enforceChannelRate(intervalMs: number | null): void;
  /** Every request answers this HTTP status (an outage) until called again with null. */
  setDown(status: number | null): void;
  /** Every request waits this long before it is answered. */
  setDelay(ms: number): void;
  /** A response_url for a press on `message` (as Slack puts in the block_actions payload). */
  responseUrlFor(message: { channel: string; ts: string }): string;
  requestsFor(method: string): RecordedSlackRequest[];
  waitForRequests(method: string, count: number, timeoutMs?: number): Promise<RecordedSlackRequest[]>;
  close(): Promise<void>;
}

/** What SLACK_BOT_TOKEN is set to in tests. */
export const fakeSlackToken = 'xoxb-1111-2222-keepwarmtesttoken';

// A response_url serves up to five answers within 30 minutes: third parties quote this from
// api.slack.com/interactivity/handling; Slack's own sentence could not be read.
const responseUrlUses = 5;

export async function startFakeSlack(options: { token?: string } = {}): Promise<FakeSlack> {
  const token = options.token ?? fakeSlackToken;
  const users = new Map<string, FakeSlackUser>();
  const requests: RecordedSlackRequest[] = [];
  const messages: FakeSlackMessage[] = [];
  const channelLimits = new Map<string, { remaining: number; retryAfterSeconds: number }>();
  const lastPostAt = new Map<string, number>();
  const responseUrls = new Map<string, { channel: string; ts: string; uses: number }>();
  let revoked = false;
  let channelIntervalMs: number | null = null;
  let downStatus: number | null = null;
  let delayMs = 0;
  let tsCounter = 0;

  const dmOf = (userId: string) => `D${userId.slice(1)}`;
  const userOfChannel = (channel: string) =>
    [...users.values()].find((user) => user.id === channel || dmOf(user.id) === channel);

  function nextTs(): string {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  }

  function authError(request: IncomingMessage, fields: Record<string, string>): string | null {
    const header = request.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : fields.token;
    if (!presented) return 'not_authed';
    if (presented !== token) return 'invalid_auth';
    if (revoked) return 'token_revoked';
    return null;
  }

  type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };
  const ok = (body: Record<string, unknown>): Answer => ({ status: 200, body: { ok: true, ...body } });
  const fail = (error: string): Answer => ({ status: 200, body: { ok: false, error } });
  const rateLimited = (seconds: number): Answer => ({
    status: 429,
    headers: { 'retry-after': String(seconds) },
    body: { ok: false, error: 'ratelimited' },
  });

  function parseBlocks(raw: string | undefined): unknown[] | 'invalid' {
    if (raw === undefined) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed : 'invalid';
    } catch {
      return 'invalid';
    }
  }

  const methods: Record<string, (fields: Record<string, string>) => Answer> = {
    // docs.slack.dev/reference/methods/users.lookupByEmail: `email` required; answers {ok, user: {id, team_id,
    // name, deleted, real_name, tz, profile: {email, …}}} or `users_not_found`.
    'users.lookupByEmail': (fields) => {
      if (!fields.email) return fail('invalid_arguments');
      const user = [...users.values()].find((candidate) => candidate.email === fields.email);
      if (!user) return fail('users_not_found');
      return ok({
        user: {
          id: user.id,
          team_id: 'T012AB3C4',
          name: (user.name ?? user.email).toLowerCase().replace(/\W+/g, '.'),
          deleted: user.deleted ?? false,
          real_name: user.name ?? '',
          tz: 'Europe/London',
          is_bot: false,
          profile: { real_name: user.name ?? '', display_name: user.name ?? '', email: user.email },
        },
      });
    },
    // docs.slack.dev/reference/methods/chat.postMessage: `channel` (a channel, or a user id for the app's DM
    // with that user) and `text` and/or `blocks` (a JSON array in a form field); answers {ok, channel (the
    // D… id), ts, message}. Errors: channel_not_found, no_text, invalid_blocks. "Special" rate limit: about
    // one message per second per channel (docs.slack.dev/apis/web-api/rate-limits).
    'chat.postMessage': (fields) => {
      const user = fields.channel ? userOfChannel(fields.channel) : undefined;
      if (!user || user.deleted) return fail('channel_not_found');
      const limit = channelLimits.get(fields.channel) ?? channelLimits.get(dmOf(user.id));
      if (limit && limit.remaining > 0) {
        limit.remaining -= 1;
        return rateLimited(limit.retryAfterSeconds);
      }
      const now = Date.now();
      const previous = lastPostAt.get(dmOf(user.id));
      if (channelIntervalMs !== null && previous !== undefined && now - previous < channelIntervalMs)
        return rateLimited(1);
      const blocks = parseBlocks(fields.blocks);
      if (blocks === 'invalid') return fail('invalid_blocks');
      if (!fields.text && blocks.length === 0) return fail('no_text');
      lastPostAt.set(dmOf(user.id), now);
      const message: FakeSlackMessage = {
        channel: dmOf(user.id),
        ts: nextTs(),
        userId: user.id,
        text: fields.text,
        blocks,
        versions: [],
      };
      messages.push(message);
      return ok({
        channel: message.channel,
        ts: message.ts,
        message: {
          type: 'message',
          subtype: 'bot_message',
          text: message.text ?? '',
          bot_id: 'B19LU7CSY',
          ts: message.ts,
          blocks,
        },
      });
    },
    // docs.slack.dev/reference/methods/chat.update: `channel` + `ts`; "for direct messages, ensure that this
    // value is a DM ID (starts with D)". Answers {ok, channel, ts, text, message}; message_not_found.
    'chat.update': (fields) => {
      if (!fields.channel?.startsWith('D') || !userOfChannel(fields.channel))
        return fail('channel_not_found');
      const message = messages.find(
        (candidate) => candidate.channel === fields.channel && candidate.ts === fields.ts,
      );
      if (!message) return fail('message_not_found');
      const blocks = parseBlocks(fields.blocks);
      if (blocks === 'invalid') return fail('invalid_blocks');
      message.versions.push({ via: 'chat.update', text: fields.text, blocks });
      return ok({
        channel: message.channel,
        ts: message.ts,
        text: fields.text ?? '',
        message: { text: fields.text ?? '', blocks },
      });
    },
  };

  // api.slack.com/interactivity/handling#message_responses: POST JSON to the press's response_url;
  // `replace_original: true` replaces the message the button was on.
  function responseUrlAnswer(path: string, json: unknown): Answer {
    const target = responseUrls.get(path);
    if (!target || target.uses >= responseUrlUses)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    target.uses += 1;
    const body = (json ?? {}) as { replace_original?: unknown; text?: string; blocks?: unknown[] };
    const message = messages.find(
      (candidate) => candidate.channel === target.channel && candidate.ts === target.ts,
    );
    if (body.replace_original === true && message)
      message.versions.push({ via: 'response_url', text: body.text, blocks: body.blocks ?? [] });
    return ok({});
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void answer(request, response, Buffer.concat(chunks).toString('utf8'));
    });
  });

  async function answer(request: IncomingMessage, response: ServerResponse, raw: string): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    const contentType = request.headers['content-type'];
    let fields: Record<string, string> = {};
    let json: unknown = null;
    if (contentType?.startsWith('application/json')) {
      try {
        json = JSON.parse(raw);
        fields = Object.fromEntries(
          Object.entries((json ?? {}) as Record<string, unknown>).map(([key, value]) => [
            key,
            typeof value === 'string' ? value : JSON.stringify(value),
          ]),
        );
      } catch {
        json = undefined;
      }
    } else {
      fields = Object.fromEntries(new URLSearchParams(raw));
    }
    const isApi = path.startsWith('/api/');
    const method = isApi ? path.slice('/api/'.length) : 'response_url';
    let result: Answer;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (downStatus !== null) {
      result = { status: downStatus, body: { ok: false, error: 'service_unavailable' } };
    } else if (request.method !== 'POST') {
      result = { status: 405, body: { ok: false, error: 'method_not_allowed' } };
    } else if (isApi) {
      const handler = methods[method];
      const refused = authError(request, fields);
      result = refused ? fail(refused) : handler ? handler(fields) : fail('unknown_method');
    } else {
      result = responseUrlAnswer(path, json);
    }
    requests.push({
      method,
      path,
      authorization: request.headers.authorization,
      contentType,
      fields,
      json,
      status: result.status,
      error: typeof result.body.error === 'string' ? result.body.error : null,
      receivedAt: Date.now(),
    });
    if (response.destroyed) return;
    response.writeHead(result.status, {
      'content-type': 'application/json; charset=utf-8',
      ...result.headers,
    });
    response.end(JSON.stringify(result.body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responseUrlCounter = 0;

  return {
    url,
    apiUrl: `${url}/api/`,
    token,
    requests,
    messages,
    addUser: (user) => users.set(user.id, user),
    revokeToken: () => {
      revoked = true;
    },
    rateLimitChannel: (channel, times, retryAfterSeconds) =>
      channelLimits.set(channel, { remaining: times, retryAfterSeconds }),
    enforceChannelRate: (intervalMs) => {
      channelIntervalMs = intervalMs;
      lastPostAt.clear();
    },
    setDown: (status) => {
      downStatus = status;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    responseUrlFor: (message) => {
      responseUrlCounter += 1;
      const path = `/actions/T012AB3C4/${responseUrlCounter}/${Math.random().toString(36).slice(2)}`;
      responseUrls.set(path, { ...message, uses: 0 });
      return `${url}${path}`;
    },
    requestsFor: (method) => requests.filter((request) => request.method === method),
    async waitForRequests(method, count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.filter((request) => request.method === method);
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(`fake Slack: ${found.length} of ${count} ${method} requests after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
