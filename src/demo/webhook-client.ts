import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

// Posts canonical events the way an ATS does: Standard Webhooks signature over the exact body.
// Shared by the demo and the benchmarks.

export interface WebhookClientOptions {
  baseUrl: string;
  /** The WEBHOOK_SECRET the service was started with ("whsec_" + base64). */
  secret: string;
}

export interface PostResult {
  status: number;
  body: string;
}

/** A fresh Standard Webhooks secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export class WebhookClient {
  private readonly signer: Webhook;

  constructor(private readonly options: WebhookClientOptions) {
    this.signer = new Webhook(options.secret);
  }

  signedRequest(event: unknown): { headers: Record<string, string>; body: string } {
    const body = JSON.stringify(event);
    const deliveryId = `msg_${randomBytes(12).toString('hex')}`;
    const now = new Date();
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': deliveryId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': this.signer.sign(deliveryId, now, body),
      },
    };
  }

  async post(event: unknown): Promise<PostResult> {
    const { headers, body } = this.signedRequest(event);
    const response = await fetch(`${this.options.baseUrl}/webhooks/events`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: response.status, body: await response.text() };
  }

  /**
   * Posts like a well-behaved ATS: a 503 or 429 (storage busy, rate limited) is retried with the same
   * event after a short backoff, so nothing is lost; `retries` counts how often that happened.
   */
  async postWithRetry(event: unknown, attempts = 6): Promise<PostResult & { retries: number }> {
    let retries = 0;
    for (;;) {
      const result = await this.post(event);
      const retryable = result.status === 503 || result.status === 429;
      if (!retryable || retries + 1 >= attempts) return { ...result, retries };
      retries += 1;
      await new Promise((wake) => setTimeout(wake, 250 * 2 ** retries));
    }
  }
}
