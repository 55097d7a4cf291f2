import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('keepwarm-test-secret-0123456789').toString('base64')}`;

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** Signs a body the Standard Webhooks way, as the ATS would. */
export function signCanonical(
  body: unknown,
  options: { secret?: string; id?: string; timestamp?: Date; rawBody?: string } = {},
): SignedRequest {
  const raw = options.rawBody ?? JSON.stringify(body);
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const timestamp = options.timestamp ?? new Date();
  const signature = new Webhook(options.secret ?? TEST_WEBHOOK_SECRET).sign(id, timestamp, raw);
  return {
    body: raw,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}

export function hexHmac(secret: string, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}
