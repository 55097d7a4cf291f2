import { createHmac, timingSafeEqual } from 'node:crypto';

// Slack signs each request to the app (api.slack.com/authentication/verifying-requests-from-slack):
// X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body)>.
// Checked over the bytes as received, before anything reads them; a timestamp more than five minutes
// away from now (either way) is refused, so a captured request cannot be sent again later. Refusing
// the same request twice inside those five minutes needs storage: SlackRequestGuard does it.

export const slackSignatureToleranceSeconds = 300;

export type SlackSignatureFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type SlackSignatureCheck =
  { valid: true; timestamp: number; signature: string } | { valid: false; reason: SlackSignatureFailure };

export interface SlackSignedRequest {
  rawBody: Buffer;
  /** X-Slack-Request-Timestamp: Unix seconds. */
  timestamp: string | undefined;
  /** X-Slack-Signature */
  signature: string | undefined;
}

export function verifySlackSignature(
  request: SlackSignedRequest,
  secret: string,
  now: Date,
  toleranceSeconds = slackSignatureToleranceSeconds,
): SlackSignatureCheck {
  const { timestamp, signature } = request;
  if (!secret || !timestamp || !signature) return { valid: false, reason: 'missing' };
  const signed = /^v0=([0-9a-fA-F]{64})$/.exec(signature.trim());
  if (!/^\d{1,12}$/.test(timestamp.trim()) || !signed) return { valid: false, reason: 'malformed' };
  const seconds = Number(timestamp.trim());
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) return { valid: false, reason: 'stale' };
  const expected = createHmac('sha256', secret)
    .update(`v0:${timestamp.trim()}:`)
    .update(request.rawBody)
    .digest();
  const given = Buffer.from(signed[1], 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { valid: false, reason: 'mismatch' };
  return { valid: true, timestamp: seconds, signature: signed[1].toLowerCase() };
}
