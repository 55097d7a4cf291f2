import { Controller, Get, HttpCode, Logger, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppConfig } from '../../config/app-config';
import { AppConfigModule } from '../../config/config.module';
import { ApiTokenGuard, bearerToken, digest, Public, tokenMatches } from './auth.guard';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RateLimitModule } from './rate-limit';
// The module object itself (not an import-interop copy), so that the spy sees the guard's calls.
const crypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');

@Controller()
class ProbeController {
  @Get('v1/things/:id')
  thing(): { ok: true } {
    return { ok: true };
  }

  @Public()
  @Get('v1/unsubscribe')
  unsubscribe(): { ok: true } {
    return { ok: true };
  }

  @Post('webhooks/events')
  @HttpCode(200)
  webhook(): { status: string } {
    return { status: 'accepted' };
  }

  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}

async function buildApp(variables: NodeJS.ProcessEnv): Promise<NestFastifyApplication> {
  const config = AppConfig.fromEnvironment(variables);
  const moduleRef = await Test.createTestingModule({
    imports: [AppConfigModule.forRoot(config), RateLimitModule],
    controllers: [ProbeController],
    providers: [{ provide: APP_GUARD, useClass: ApiTokenGuard }],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

beforeAll(() => Logger.overrideLogger(false));

describe('ApiTokenGuard', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await buildApp({ API_TOKEN: 's3cret-token', API_RATE_LIMIT: '1000' });
  });
  afterAll(() => app.close());

  const get = (url: string, authorization?: string) =>
    app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });

  it('lets the right bearer token through', async () => {
    expect((await get('/v1/things/1', 'Bearer s3cret-token')).statusCode).toBe(200);
    expect((await get('/v1/things/1', 'bearer s3cret-token')).statusCode).toBe(200);
  });

  it.each([undefined, 'Bearer wrong', 'Bearer s3cret-token-and-more', 'Basic s3cret-token', 'Bearer '])(
    'answers 401 problem+json for %p',
    async (authorization) => {
      const response = await get('/v1/things/1', authorization);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate']).toContain('Bearer');
      expect(response.json()).toMatchObject({
        type: 'https://keepwarm.dev/problems/unauthorized',
        status: 401,
      });
    },
  );

  it('leaves @Public() routes and routes outside /v1 open', async () => {
    expect((await get('/v1/unsubscribe')).statusCode).toBe(200);
    expect((await get('/health/live')).statusCode).toBe(200);
  });

  it('compares hashes of equal length in constant time, whatever the token length', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      const expected = digest('s3cret-token');
      expect(tokenMatches('s3cret-token', expected)).toBe(true);
      expect(tokenMatches('x', expected)).toBe(false);
      expect(tokenMatches('x'.repeat(10_000), expected)).toBe(false);
      expect(spy).toHaveBeenCalledTimes(3);
      for (const [left, right] of spy.mock.calls)
        expect((left as Buffer).length).toBe((right as Buffer).length);
    } finally {
      spy.mockRestore();
    }
  });

  it('parses the bearer header strictly', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Bearer  abc ')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('ApiTokenGuard without API_TOKEN (outside production)', () => {
  it('lets requests through', async () => {
    const app = await buildApp({});
    try {
      expect((await app.inject({ method: 'GET', url: '/v1/things/1' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('RateLimitModule', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await buildApp({ API_TOKEN: 'token', API_RATE_LIMIT: '2', WEBHOOK_RATE_LIMIT: '3' });
  });
  afterAll(() => app.close());

  it('limits /v1 per token and answers 429 problem+json with Retry-After', async () => {
    const call = () =>
      app.inject({ method: 'GET', url: '/v1/things/1', headers: { authorization: 'Bearer token' } });
    expect((await call()).statusCode).toBe(200);
    expect((await call()).statusCode).toBe(200);
    const limited = await call();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ type: 'https://keepwarm.dev/problems/rate-limited', status: 429 });
  });

  it('limits /webhooks per client address across the budget, and leaves other routes alone', async () => {
    const post = (remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/webhooks/events', remoteAddress });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await post('10.0.0.1')).statusCode).toBe(200);
    expect((await post('10.0.0.1')).statusCode).toBe(429);
    expect((await post('10.0.0.2')).statusCode).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});
