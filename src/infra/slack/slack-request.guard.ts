import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { ProblemError } from '../http/problem';
import { REDIS_CONNECTION } from '../queue/queue.constants';
import { slackKeyPrefix } from './slack-keys';
import {
  slackSignatureToleranceSeconds,
  verifySlackSignature,
  type SlackSignatureFailure,
} from './slack-signature';

// Guards a route Slack posts to (the interactivity request URL): the signature over the raw body
// first, nothing read before it; then the same request refused a second time. Slack sends no
// request id, so the signature itself names the request: it is remembered in Redis, across
// replicas, for as long as its timestamp could still pass (SET NX answers "first time?" atomically).

const failures: Record<SlackSignatureFailure, string> = {
  missing: 'The X-Slack-Signature and X-Slack-Request-Timestamp headers are required.',
  malformed: 'X-Slack-Signature must be "v0=" and 64 hex digits, X-Slack-Request-Timestamp Unix seconds.',
  stale: `X-Slack-Request-Timestamp is more than ${slackSignatureToleranceSeconds / 60} minutes away from now.`,
  mismatch: 'X-Slack-Signature does not match the body (v0 HMAC-SHA256 with SLACK_SIGNING_SECRET).',
};

@Injectable()
export class SlackRequestGuard implements CanActivate {
  private readonly secret: string | undefined;
  private readonly seenPrefix: string;

  constructor(
    config: AppConfig,
    @Inject(REDIS_CONNECTION) private readonly redis: IORedis,
  ) {
    this.secret = config.env.slackSigningSecret;
    this.seenPrefix = `${slackKeyPrefix(config.env.queuePrefix)}seen:`;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.secret === undefined)
      throw ProblemError.notFound(
        'Slack interactivity is not configured (SLACK_SIGNING_SECRET is unset).',
        'endpoint-not-configured',
      );
    const now = new Date();
    const check = verifySlackSignature(
      {
        rawBody: request.rawBody ?? Buffer.alloc(0),
        timestamp: headerValue(request, 'x-slack-request-timestamp'),
        signature: headerValue(request, 'x-slack-signature'),
      },
      this.secret,
      now,
    );
    if (!check.valid) throw ProblemError.unauthorized(failures[check.reason], 'invalid-signature');
    // Until the timestamp falls out of the window (it may lie up to five minutes ahead of us).
    const rememberMs = (check.timestamp + slackSignatureToleranceSeconds) * 1000 - now.getTime() + 1000;
    const first = await this.redis.set(`${this.seenPrefix}${check.signature}`, '1', 'PX', rememberMs, 'NX');
    if (first === null)
      throw ProblemError.unauthorized(
        'This request was received before: a replay is refused.',
        'replayed-request',
      );
    return true;
  }
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
