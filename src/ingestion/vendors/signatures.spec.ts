import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { verifyAshbySignature, verifyGreenhouseSignature, verifyLeverSignature } from './signatures';
import { fixture, fixtureText } from './vendor-test-support';

const secret = 'keepwarm-test-secret';
const hmac = (key: string, payload: Buffer | string) =>
  createHmac('sha256', key).update(payload).digest('hex');

describe('verifyGreenhouseSignature', () => {
  const body = Buffer.from(fixtureText('greenhouse', 'new_candidate_application'));
  const header = `sha256 ${hmac(secret, body)}`;

  it('accepts the HMAC of the raw body', () => {
    expect(verifyGreenhouseSignature(body, header, secret)).toBe(true);
    expect(verifyGreenhouseSignature(body, header.toUpperCase().replace('SHA256', 'sha256'), secret)).toBe(
      true,
    );
  });

  it('refuses a wrong secret, a tampered body, a missing or malformed header', () => {
    expect(verifyGreenhouseSignature(body, header, 'another-secret')).toBe(false);
    expect(
      verifyGreenhouseSignature(Buffer.from(body.toString().replace('Jane', 'June')), header, secret),
    ).toBe(false);
    expect(verifyGreenhouseSignature(body, undefined, secret)).toBe(false);
    expect(verifyGreenhouseSignature(body, '', secret)).toBe(false);
    expect(verifyGreenhouseSignature(body, header.replace(' ', '='), secret)).toBe(false);
    expect(verifyGreenhouseSignature(body, `sha1 ${hmac(secret, body)}`, secret)).toBe(false);
    expect(verifyGreenhouseSignature(body, 'sha256 zz' + hmac(secret, body).slice(2), secret)).toBe(false);
    expect(verifyGreenhouseSignature(body, `sha256 ${hmac(secret, body).slice(0, 62)}`, secret)).toBe(false);
    expect(verifyGreenhouseSignature(body, `sha256 ${hmac(secret, body)}00`, secret)).toBe(false);
    expect(verifyGreenhouseSignature(body, header, '')).toBe(false);
  });

  it('verifies Unicode-escaped bodies on the raw bytes, not on re-serialised JSON', () => {
    // Greenhouse escapes `<p>` as \u003cp\u003e before signing; JSON.stringify would not.
    const raw = Buffer.from(
      '{"action":"job_updated","payload":{"job":{"id":1,"notes":"\\u003cp\\u003eCaf\\u00e9\\u003c/p\\u003e"}}}',
    );
    const signed = `sha256 ${hmac(secret, raw)}`;
    expect(verifyGreenhouseSignature(raw, signed, secret)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(reserialised.equals(raw)).toBe(false);
    expect(verifyGreenhouseSignature(reserialised, signed, secret)).toBe(false);
  });

  it('never throws on arbitrary headers', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (value) => typeof verifyGreenhouseSignature(body, value, secret) === 'boolean',
      ),
    );
  });
});

describe('verifyAshbySignature', () => {
  const body = Buffer.from(fixtureText('ashby', 'applicationSubmit.sample'));
  const header = `sha256=${hmac(secret, body)}`;

  it('accepts sha256=<hex HMAC of the raw body>', () => {
    expect(verifyAshbySignature(body, header, secret)).toBe(true);
  });

  it('refuses a wrong secret, a tampered body, a missing or malformed header', () => {
    expect(verifyAshbySignature(body, header, 'another-secret')).toBe(false);
    expect(verifyAshbySignature(Buffer.concat([body, Buffer.from(' ')]), header, secret)).toBe(false);
    expect(verifyAshbySignature(body, undefined, secret)).toBe(false);
    expect(verifyAshbySignature(body, header.replace('=', ' '), secret)).toBe(false);
    expect(verifyAshbySignature(body, hmac(secret, body), secret)).toBe(false);
    expect(verifyAshbySignature(body, 'sha256=not-hex', secret)).toBe(false);
    expect(verifyAshbySignature(body, 'sha256=abc', secret)).toBe(false);
  });

  it('never throws on arbitrary headers', () => {
    fc.assert(
      fc.property(fc.string(), (value) => typeof verifyAshbySignature(body, value, secret) === 'boolean'),
    );
  });
});

describe('verifyLeverSignature', () => {
  const token = 'be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154';
  const triggeredAt = 1_700_000_000_000;
  const now = new Date(triggeredAt + 60_000);
  const signed = (key: string, at: number = triggeredAt) => ({
    token,
    triggeredAt: at,
    signature: hmac(key, `${token}${at}`),
  });

  it('accepts token + triggeredAt signed with any configured token', () => {
    expect(verifyLeverSignature(signed(secret), [secret], now)).toEqual({ valid: true });
    expect(
      verifyLeverSignature(signed('per-event-token'), ['other', secret, 'per-event-token'], now),
    ).toEqual({ valid: true });
  });

  it('says why it refuses', () => {
    expect(verifyLeverSignature(signed('unknown'), [secret], now)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyLeverSignature(signed(secret), [], now)).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifyLeverSignature({ ...signed(secret), triggeredAt: triggeredAt + 1 }, [secret], now)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyLeverSignature({ token, triggeredAt }, [secret], now)).toEqual({
      valid: false,
      reason: 'missing',
    });
    expect(verifyLeverSignature(undefined, [secret], now)).toEqual({ valid: false, reason: 'missing' });
    expect(verifyLeverSignature({ ...signed(secret), triggeredAt: 'yesterday' }, [secret], now)).toEqual({
      valid: false,
      reason: 'missing',
    });
    expect(verifyLeverSignature({ ...signed(secret), signature: 'zz'.repeat(32) }, [secret], now)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
  });

  it('refuses deliveries older than 14 days, or from the future', () => {
    const fifteenDays = 15 * 24 * 60 * 60 * 1000;
    const old = triggeredAt - fifteenDays;
    expect(verifyLeverSignature(signed(secret, old), [secret], now)).toEqual({
      valid: false,
      reason: 'expired',
    });
    expect(verifyLeverSignature(signed(secret, old), [secret], now, 30 * 24 * 60 * 60 * 1000)).toEqual({
      valid: true,
    });
    expect(verifyLeverSignature(signed(secret, triggeredAt + 60 * 60 * 1000), [secret], now)).toEqual({
      valid: false,
      reason: 'expired',
    });
  });

  it('refuses the documented test request (its signature is not hex)', () => {
    const body = fixture('lever', 'candidateHired_test-request');
    expect(verifyLeverSignature(body, [secret], new Date(1431458021951))).toEqual({
      valid: false,
      reason: 'mismatch',
    });
  });

  it('never throws on arbitrary bodies', () => {
    fc.assert(
      fc.property(
        fc.record({ token: fc.anything(), triggeredAt: fc.anything(), signature: fc.anything() }),
        (body) => {
          const check = verifyLeverSignature(body, [secret], now);
          return typeof check.valid === 'boolean';
        },
      ),
    );
  });
});
