import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { classifySlackError, isPermanent, suppressionReason } from './slack-outcome';

const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

describe('classifySlackError', () => {
  it('records an unknown user as suppressed slack_user_not_found, never retried', () => {
    for (const code of ['users_not_found', 'user_not_found']) {
      const failure = classifySlackError(platform(code));
      expect(failure).toEqual({ ok: false, kind: 'not_found', error: code });
      expect(suppressionReason(failure)).toBe('slack_user_not_found');
      expect(isPermanent(failure)).toBe(true);
    }
  });

  it.each([
    'invalid_auth',
    'token_revoked',
    'account_inactive',
    'not_authed',
    'missing_scope',
    'token_expired',
  ])('records %s as suppressed slack_not_authorized, never retried', (code) => {
    const failure = classifySlackError(platform(code));
    expect(failure).toEqual({ ok: false, kind: 'not_authorized', error: code });
    expect(suppressionReason(failure)).toBe('slack_not_authorized');
    expect(isPermanent(failure)).toBe(true);
  });

  it("waits out a 429's Retry-After", () => {
    const failure = classifySlackError(new WebAPIRateLimitedError(7));
    expect(failure).toEqual({ ok: false, kind: 'rate_limited', error: 'ratelimited', retryAfterMs: 7000 });
    expect(isPermanent(failure)).toBe(false);
    expect(suppressionReason(failure)).toBeNull();
  });

  it('retries outages: 5xx, network errors, timeouts and Slack saying it failed', () => {
    expect(classifySlackError(new WebAPIHTTPError(503, 'Service Unavailable', {}, ''))).toEqual({
      ok: false,
      kind: 'retryable',
      error: 'http_503',
    });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(classifySlackError(new WebAPIRequestError(refused))).toEqual({
      ok: false,
      kind: 'retryable',
      error: 'request_failed',
    });
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifySlackError(new WebAPIRequestError(timeout))).toMatchObject({
      kind: 'retryable',
      error: 'timeout',
    });
    expect(classifySlackError(platform('internal_error'))).toMatchObject({ kind: 'retryable' });
  });

  it('gives up on a message Slack refuses, without calling it a suppression', () => {
    const failure = classifySlackError(platform('invalid_blocks'));
    expect(failure).toEqual({ ok: false, kind: 'rejected', error: 'invalid_blocks' });
    expect(isPermanent(failure)).toBe(true);
    expect(suppressionReason(failure)).toBeNull();
  });

  it('keeps odd error codes out of logs and labels', () => {
    expect(classifySlackError(platform('Some <html> page about adam@example.com'))).toMatchObject({
      error: 'platform_error',
    });
  });

  it('throws what is not a Slack error: that is a bug here', () => {
    const bug = new TypeError('x is not a function');
    expect(() => classifySlackError(bug)).toThrow(bug);
  });
});
