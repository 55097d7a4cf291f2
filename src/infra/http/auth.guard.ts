import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { ProblemError } from './problem';

// Bearer token on /v1/* (docs/contract.md, "REST API"). Register as APP_GUARD; routes outside /v1 are
// never checked, and @Public() opens a /v1 route (the signed unsubscribe link).

export const IS_PUBLIC_KEY = 'keepwarm:public';

/** Serves a /v1 route without the bearer token; the route must authenticate the request itself. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expectedDigest: Buffer | undefined;

  constructor(
    config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    // loadEnv requires API_TOKEN in production; elsewhere an unset token leaves /v1 open for local use.
    this.expectedDigest = config.env.apiToken === undefined ? undefined : digest(config.env.apiToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isApiRequest(request)) return true;
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    if (this.expectedDigest === undefined) return true;

    const presented = bearerToken(request.headers.authorization);
    if (presented === undefined)
      throw unauthorized('A bearer token is required (Authorization: Bearer <API_TOKEN>).');
    if (!tokenMatches(presented, this.expectedDigest)) throw unauthorized('The bearer token is not valid.');
    return true;
  }
}

/** Compares in constant time: both sides are hashed first so that neither their content nor their length leaks. */
export function tokenMatches(presented: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(digest(presented), expectedDigest);
}

export function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

export function isApiRequest(
  request: Pick<FastifyRequest, 'url'> & { routeOptions?: { url?: string } },
): boolean {
  const path = request.routeOptions?.url ?? request.url.split('?')[0];
  return path === '/v1' || path.startsWith('/v1/');
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError({
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail,
    headers: { 'www-authenticate': 'Bearer realm="keepwarm"' },
  });
}
