import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

// What a Slack call came to, in the terms delivery acts on (docs/contract.md, "Alerts, Slack and
// escalation"): a user Slack does not know and a token Slack refuses are recorded as suppressed and
// never retried; a 429 waits for its Retry-After; an outage, a 5xx or a timeout is retried later.
// `error` is Slack's own code (users_not_found, invalid_auth, …) or one of ours (http_503, timeout,
// request_failed, paced): short, fixed words, safe for logs and metric labels.

export type SlackFailure =
  | { ok: false; kind: 'not_found'; error: string }
  | { ok: false; kind: 'not_authorized'; error: string }
  | { ok: false; kind: 'rate_limited'; error: string; retryAfterMs: number }
  | { ok: false; kind: 'retryable'; error: string }
  | { ok: false; kind: 'rejected'; error: string };

export type SlackOutcome<T> = { ok: true; value: T } | SlackFailure;

export type SlackSuppressionReason = 'slack_user_not_found' | 'slack_not_authorized';

// Slack's method pages list users_not_found; older copies of the same page spell it user_not_found.
const notFoundErrors = new Set(['users_not_found', 'user_not_found']);
// The token is wrong, revoked or lacks a scope: no retry helps until an operator changes it.
const notAuthorizedErrors = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'not_allowed_token_type',
  'ekm_access_denied',
]);
// Slack's generic "try again" errors (its method pages' error tables).
const transientErrors = new Set([
  'fatal_error',
  'internal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'rate_limited',
]);

// A 429 always carries Retry-After; if one ever comes without it, wait generously rather than hammer.
export const missingRetryAfterMs = 30_000;

export function isPermanent(failure: SlackFailure): boolean {
  return failure.kind === 'not_found' || failure.kind === 'not_authorized' || failure.kind === 'rejected';
}

/** The suppression reason a failure is recorded under, or null when it is not a suppression. */
export function suppressionReason(failure: SlackFailure): SlackSuppressionReason | null {
  if (failure.kind === 'not_found') return 'slack_user_not_found';
  if (failure.kind === 'not_authorized') return 'slack_not_authorized';
  return null;
}

export function rateLimited(retryAfterMs: number, error = 'ratelimited'): SlackFailure {
  return { ok: false, kind: 'rate_limited', error, retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)) };
}

/** Maps Slack's own error code (`{ok:false, error}`) to what delivery does with it. */
export function failureForCode(code: string, retryAfterSeconds?: number): SlackFailure {
  const error = /^[a-z0-9_.]{1,64}$/.test(code) ? code : 'platform_error';
  if (notFoundErrors.has(error)) return { ok: false, kind: 'not_found', error };
  if (notAuthorizedErrors.has(error)) return { ok: false, kind: 'not_authorized', error };
  if (error === 'ratelimited' || error === 'rate_limited')
    return rateLimited(
      retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : missingRetryAfterMs,
      error,
    );
  if (transientErrors.has(error)) return { ok: false, kind: 'retryable', error };
  return { ok: false, kind: 'rejected', error };
}

/**
 * Maps what @slack/web-api throws (configured with rejectRateLimitedCalls and no retries of its own)
 * to a failure. Anything that is not one of its errors is a bug here and is thrown again.
 */
export function classifySlackError(error: unknown): SlackFailure {
  if (error instanceof WebAPIRateLimitedError) return rateLimited(error.retryAfter * 1000);
  if (error instanceof WebAPIPlatformError) {
    const retryAfter = error.data.response_metadata?.retryAfter;
    return failureForCode(error.data.error, typeof retryAfter === 'number' ? retryAfter : undefined);
  }
  // Slack answers 200 or 429 only: any other status is a proxy or an outage talking. Retry: an operator
  // who pointed SLACK_API_URL somewhere wrong can fix it before the attempts run out.
  if (error instanceof WebAPIHTTPError)
    return { ok: false, kind: 'retryable', error: `http_${error.statusCode}` };
  if (error instanceof WebAPIRequestError) return requestFailure(error.original);
  // The SDK rejects a 429 whose Retry-After it cannot read with a plain Error.
  if (error instanceof Error && /^Retry header did not contain a valid timeout/.test(error.message))
    return rateLimited(missingRetryAfterMs);
  throw error;
}

/** A request that never got an answer (refused, reset, timed out): Slack may be back in a minute. */
export function requestFailure(error: unknown): SlackFailure {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  // fetch's AbortSignal.timeout rejects with a DOMException; from another realm (a test VM) the SDK
  // wraps it in a plain Error whose message starts with the DOMException's name.
  const timedOut =
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    (typeof message === 'string' && /^(TimeoutError|AbortError)\b/.test(message));
  return { ok: false, kind: 'retryable', error: timedOut ? 'timeout' : 'request_failed' };
}

/** A Retry-After header in seconds, as Slack sends it. */
export function retryAfterHeaderMs(header: string | null): number {
  const seconds = header === null || header.trim() === '' ? NaN : Number(header.trim());
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : missingRetryAfterMs;
}
