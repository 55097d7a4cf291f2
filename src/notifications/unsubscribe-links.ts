import { Injectable, Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { ProblemError } from '../infra/http/problem';

// The one-click unsubscribe link in every candidate email (RFC 8058): no login, so the link itself
// is the credential. Token = base64url(candidate id) "." expiry (unix seconds) "." HMAC-SHA256 over
// both with LINK_SIGNING_SECRET. Valid 90 days (docs/contract.md asks for at least 60): long enough for an
// old email to still work, short enough that a leaked link dies.

export const unsubscribeLinkValidityDays = 90;
const daySeconds = 24 * 60 * 60;
// Outside production LINK_SIGNING_SECRET may be unset (loadEnv requires it in production); API and
// worker then share this fixed development key so that links still verify across processes.
const developmentSecret = 'keepwarm-development-link-signing-secret';

@Injectable()
export class UnsubscribeLinks {
  private readonly secret: string;

  constructor(private readonly config: AppConfig) {
    this.secret = config.env.linkSigningSecret ?? developmentSecret;
    if (!config.env.linkSigningSecret && !config.env.isProduction) {
      new Logger(UnsubscribeLinks.name).warn(
        'LINK_SIGNING_SECRET is unset: unsubscribe links use a development key',
      );
    }
  }

  token(candidateId: string, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + unsubscribeLinkValidityDays * daySeconds;
    const subject = Buffer.from(candidateId, 'utf8').toString('base64url');
    return `${subject}.${expires}.${this.sign(subject, expires)}`;
  }

  url(candidateId: string, now: Date): string {
    return `${this.config.env.publicBaseUrl}/v1/unsubscribe/${this.token(candidateId, now)}`;
  }

  /** The candidate the token speaks for; a 400 problem when malformed or expired, 403 when forged. */
  verify(token: string, now: Date): { candidateId: string; expiresAt: Date } {
    const match = /^([A-Za-z0-9_-]{1,400})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match)
      throw ProblemError.badRequest('This unsubscribe link is malformed.', undefined, 'invalid-link');
    const [, subject, expiresText, signature] = match;
    const expires = Number(expiresText);
    const expected = Buffer.from(this.sign(subject, expires), 'utf8');
    const presented = Buffer.from(signature, 'utf8');
    // Constant time, and the signature is checked before the expiry so that a forged link learns nothing.
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
      throw new ProblemError({
        status: 403,
        code: 'invalid-link-signature',
        title: 'Forbidden',
        detail: 'This unsubscribe link is not valid.',
      });
    }
    if (expires * 1000 < now.getTime()) {
      throw ProblemError.badRequest(
        'This unsubscribe link has expired. Reply to the email you received and we will stop the updates.',
        undefined,
        'link-expired',
      );
    }
    return {
      candidateId: Buffer.from(subject, 'base64url').toString('utf8'),
      expiresAt: new Date(expires * 1000),
    };
  }

  private sign(subject: string, expires: number): string {
    return createHmac('sha256', this.secret)
      .update(`unsubscribe.v1.${subject}.${expires}`)
      .digest('base64url');
  }
}
