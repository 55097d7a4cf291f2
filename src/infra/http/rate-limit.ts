import { ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import type { Env } from '../../config/env';
import { bearerToken, digest, isApiRequest } from './auth.guard';
import { ProblemError } from './problem';

// docs/contract.md: WEBHOOK_RATE_LIMIT requests per minute per client address on /webhooks/* (unset: none),
// API_RATE_LIMIT per minute per token on /v1/*. Counters live in process memory, per replica.

const minute = 60_000;

export const rateLimitNames = { webhooks: 'webhooks', api: 'api' } as const;

export function rateLimitOptions(
  env: Pick<Env, 'webhookRateLimit' | 'apiRateLimit'>,
): ThrottlerModuleOptions {
  const throttlers: ThrottlerOptions[] = [];
  if (env.webhookRateLimit !== undefined) {
    throttlers.push({
      name: rateLimitNames.webhooks,
      ttl: minute,
      limit: env.webhookRateLimit,
      skipIf: (context) => !isWebhookRequest(requestOf(context)),
      getTracker: (request) => `address:${(request as FastifyRequest).ip}`,
    });
  }
  throttlers.push({
    name: rateLimitNames.api,
    ttl: minute,
    limit: env.apiRateLimit,
    skipIf: (context) => !isApiRequest(requestOf(context)),
    getTracker: (request) => apiTracker(request as FastifyRequest),
  });
  // One budget per client across all routes of a family, not one per route (the default key includes the handler).
  return { throttlers, generateKey: (_context, tracker, name) => `${name}:${tracker}` };
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw ProblemError.tooManyRequests(
      detail.timeToBlockExpire,
      `Rate limit of ${detail.limit} requests per minute exceeded; retry later.`,
    );
  }
}

/** Registers the throttlers and RateLimitGuard as a global guard; needs AppConfigModule. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => rateLimitOptions(config.env),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}

function requestOf(context: ExecutionContext): FastifyRequest {
  return context.switchToHttp().getRequest<FastifyRequest>();
}

function isWebhookRequest(request: FastifyRequest): boolean {
  const path = request.routeOptions?.url ?? request.url.split('?')[0];
  return path.startsWith('/webhooks/');
}

// Per token, keyed by its hash so the counters never hold the secret; requests without one count per address.
function apiTracker(request: FastifyRequest): string {
  const token = bearerToken(request.headers.authorization);
  return token === undefined ? `address:${request.ip}` : `token:${digest(token).toString('base64url')}`;
}
