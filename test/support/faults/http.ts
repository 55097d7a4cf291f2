import { randomBytes } from 'node:crypto';
import { TEST_API_TOKEN } from '../test-app';
import { signCanonical, TEST_WEBHOOK_SECRET } from '../signing';
import { freePort } from './ports';

export interface TimedResponse {
  status: number;
  headers: Headers;
  body: string;
  milliseconds: number;
  json<T = Record<string, unknown>>(): T;
}

/** A request over a real socket, bounded in time; the elapsed time is measured. */
export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  const milliseconds = performance.now() - started;
  return {
    status: response.status,
    headers: response.headers,
    body,
    milliseconds,
    json: <T>() => JSON.parse(body) as T,
  };
}

/** POST /webhooks/events with a Standard Webhooks signature. */
export function postCanonical(
  baseUrl: string,
  event: unknown,
  options: Parameters<typeof signCanonical>[1] & { timeoutMs?: number } = {},
): Promise<TimedResponse> {
  const signed = signCanonical(event, options);
  return request(`${baseUrl}/webhooks/events`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
    timeoutMs: options.timeoutMs,
  });
}

export function getApi(baseUrl: string, path: string, token = TEST_API_TOKEN): Promise<TimedResponse> {
  return request(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

export function postApi(
  baseUrl: string,
  path: string,
  body: unknown = {},
  token = TEST_API_TOKEN,
): Promise<TimedResponse> {
  return request(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    timeoutMs: 60_000,
  });
}

export interface ServiceTopology {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix?: string;
}

/** The environment of a keepwarm process under test: private services, test secrets, quick timers. */
export async function serviceEnvironment(
  topology: ServiceTopology,
  overrides: Record<string, string> = {},
): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: topology.databaseUrl,
    REDIS_URL: topology.redisUrl,
    QUEUE_PREFIX: topology.queuePrefix ?? `kwf_${randomBytes(4).toString('hex')}`,
    PORT: String(await freePort()),
    API_TOKEN: TEST_API_TOKEN,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    LINK_SIGNING_SECRET: 'fault-test-link-secret',
    ...overrides,
  };
}
