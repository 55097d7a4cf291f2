import { createHmac, timingSafeEqual } from 'node:crypto';

// Vendor signature checks (docs/vendors.md). Every comparison is constant-time over
// equal-length buffers, and malformed headers (bad hex, wrong length, wrong prefix) are simply "not
// valid": nothing here throws.

const hexDigest = /^[0-9a-f]{64}$/i;

/** Greenhouse: `Signature: sha256 <hex HMAC-SHA256 of the raw body>` (algorithm, a space, digest). */
export function verifyGreenhouseSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || !secret) return false;
  const match = /^\s*sha256\s+([0-9A-Fa-f]+)\s*$/.exec(header);
  if (!match) return false;
  // Signed over the bytes as sent, Unicode escapes included: never re-serialise the JSON.
  return hexMatches(match[1], hmacHex(secret, rawBody));
}

/** Ashby: `Ashby-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
export function verifyAshbySignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (typeof header !== 'string' || !secret) return false;
  const match = /^\s*sha256=([0-9A-Fa-f]+)\s*$/.exec(header);
  if (!match) return false;
  return hexMatches(match[1], hmacHex(secret, rawBody));
}

export type LeverSignatureFailure = 'missing' | 'mismatch' | 'expired';
export type LeverSignatureCheck = { valid: true } | { valid: false; reason: LeverSignatureFailure };

export interface LeverSignedFields {
  token?: unknown;
  triggeredAt?: unknown;
  signature?: unknown;
}

export const leverMaxAgeMs = 14 * 24 * 60 * 60 * 1000;
// Clocks drift: a delivery stamped a little in the future is still fresh.
const leverFutureSkewMs = 5 * 60 * 1000;

/**
 * Lever signs `token + triggeredAt` (body fields), not the body, with a signature token; an account
 * may hold one token per event type, so every configured token is tried. Deliveries older than
 * `maxAgeMs` are refused (Lever reruns deliveries for two weeks). Refusing a reused `token` is the
 * caller's job: it needs storage.
 */
export function verifyLeverSignature(
  body: LeverSignedFields | undefined,
  tokens: readonly string[],
  now: Date,
  maxAgeMs: number = leverMaxAgeMs,
): LeverSignatureCheck {
  const token = body?.token;
  const triggeredAt = body?.triggeredAt;
  const signature = body?.signature;
  if (typeof token !== 'string' || token === '' || typeof signature !== 'string' || signature === '') {
    return { valid: false, reason: 'missing' };
  }
  const triggeredAtText = leverTimestampText(triggeredAt);
  if (triggeredAtText === undefined) return { valid: false, reason: 'missing' };

  const signedText = token + triggeredAtText;
  let matched = false;
  for (const key of tokens) {
    if (typeof key !== 'string' || key === '') continue;
    // No early exit: the time taken does not reveal which token matched.
    if (hexMatches(signature, hmacHex(key, Buffer.from(signedText, 'utf8')))) matched = true;
  }
  if (!matched) return { valid: false, reason: 'mismatch' };

  const age = now.getTime() - Number(triggeredAtText);
  if (!Number.isFinite(age) || age > maxAgeMs || age < -leverFutureSkewMs)
    return { valid: false, reason: 'expired' };
  return { valid: true };
}

// triggeredAt is a millisecond epoch number in Lever's JSON; the signed text is its decimal form.
function leverTimestampText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return value;
  return undefined;
}

function hmacHex(secret: string, payload: Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function hexMatches(givenHex: string, expectedHex: string): boolean {
  if (!hexDigest.test(givenHex)) return false;
  const given = Buffer.from(givenHex.toLowerCase(), 'hex');
  const expected = Buffer.from(expectedHex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
