import { createHmac } from 'node:crypto';
import { verifySlackSignature } from './slack-signature';

// The signing example of Slack's "Verifying requests from Slack" page: its secret and timestamp;
// the expected signature is computed here the way the page describes, never copied.
const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const timestamp = '1531420618';
const rawBody = Buffer.from('payload=%7B%22type%22%3A%22block_actions%22%7D');
const signedAt = new Date(Number(timestamp) * 1000);

function sign(body: Buffer, at = timestamp, key = secret): string {
  return `v0=${createHmac('sha256', key).update(`v0:${at}:`).update(body).digest('hex')}`;
}

describe('verifySlackSignature', () => {
  it('accepts a request signed with the secret over its raw body', () => {
    const check = verifySlackSignature({ rawBody, timestamp, signature: sign(rawBody) }, secret, signedAt);
    expect(check).toEqual({ valid: true, timestamp: 1531420618, signature: sign(rawBody).slice(3) });
  });

  it('accepts upper-case hex', () => {
    const signature = `v0=${sign(rawBody).slice(3).toUpperCase()}`;
    expect(verifySlackSignature({ rawBody, timestamp, signature }, secret, signedAt).valid).toBe(true);
  });

  it('refuses another secret, another body and another timestamp', () => {
    const check = (signature: string, body = rawBody) =>
      verifySlackSignature({ rawBody: body, timestamp, signature }, secret, signedAt);
    expect(check(sign(rawBody, timestamp, 'another-secret'))).toEqual({ valid: false, reason: 'mismatch' });
    expect(check(sign(rawBody), Buffer.from(`${rawBody.toString()}x`))).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(check(sign(rawBody, '1531420619'))).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses a timestamp more than five minutes away, either way, even when correctly signed', () => {
    const at = (seconds: number) => new Date((Number(timestamp) + seconds) * 1000);
    const request = { rawBody, timestamp, signature: sign(rawBody) };
    expect(verifySlackSignature(request, secret, at(300)).valid).toBe(true);
    expect(verifySlackSignature(request, secret, at(301))).toEqual({ valid: false, reason: 'stale' });
    expect(verifySlackSignature(request, secret, at(-300)).valid).toBe(true);
    expect(verifySlackSignature(request, secret, at(-301))).toEqual({ valid: false, reason: 'stale' });
  });

  it('refuses missing and malformed headers without throwing', () => {
    const verify = (timestampHeader: string | undefined, signature: string | undefined) =>
      verifySlackSignature({ rawBody, timestamp: timestampHeader, signature }, secret, signedAt);
    expect(verify(undefined, sign(rawBody))).toEqual({ valid: false, reason: 'missing' });
    expect(verify(timestamp, undefined)).toEqual({ valid: false, reason: 'missing' });
    expect(verify(timestamp, sign(rawBody).replace('v0=', 'v1='))).toEqual({
      valid: false,
      reason: 'malformed',
    });
    expect(verify(timestamp, 'v0=abc')).toEqual({ valid: false, reason: 'malformed' });
    expect(verify('soon', sign(rawBody))).toEqual({ valid: false, reason: 'malformed' });
    expect(verify(timestamp, `v0=${'z'.repeat(64)}`)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('refuses everything when no secret is configured', () => {
    expect(
      verifySlackSignature({ rawBody, timestamp, signature: sign(rawBody, timestamp, '') }, '', signedAt),
    ).toEqual({
      valid: false,
      reason: 'missing',
    });
  });
});
