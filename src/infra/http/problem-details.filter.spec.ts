import { BadRequestException, Body, Controller, Get, Logger, Post } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ThrottlerException } from '@nestjs/throttler';
import { ProblemDetailsFilter } from './problem-details.filter';
import { isDatabaseUnavailable, ProblemError } from './problem';

@Controller()
class ThrowingController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }

  @Get('problem')
  problem(): never {
    throw ProblemError.badRequest(
      'The event is malformed.',
      [{ path: 'data.application.id', message: 'Required' }],
      'invalid-event',
    );
  }

  @Get('bad-request')
  badRequest(): never {
    throw new BadRequestException('cursor is not valid');
  }

  @Get('throttled')
  throttled(): never {
    throw new ThrottlerException();
  }

  @Get('database-down')
  databaseDown(): never {
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    throw Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError });
  }

  @Get('database-shutdown')
  databaseShutdown(): never {
    throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  }

  @Get('crash')
  crash(): never {
    throw new Error('secret internal detail: password=hunter2');
  }

  @Get('unsafe-syntax')
  unsafeSyntax(): unknown {
    return JSON.parse('{oops');
  }
}

describe('ProblemDetailsFilter', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({ controllers: [ThrowingController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ bodyLimit: 64 }), {
      logger: false,
    });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']);
  });

  async function request(
    method: 'GET' | 'POST',
    url: string,
    payload?: string,
    contentType = 'application/json',
  ) {
    const response = await app.inject({
      method,
      url,
      payload,
      headers: payload === undefined ? {} : { 'content-type': contentType },
    });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json<Record<string, unknown>>();
    expect(body).toEqual(
      expect.objectContaining({
        type: expect.stringMatching(/^https:\/\/keepwarm\.dev\/problems\//),
        title: expect.any(String),
        status: response.statusCode,
        detail: expect.any(String),
      }),
    );
    return { status: response.statusCode, headers: response.headers, body };
  }

  it('answers a ProblemError as given, with field errors', async () => {
    const { status, body } = await request('GET', '/problem');
    expect(status).toBe(400);
    expect(body).toEqual({
      type: 'https://keepwarm.dev/problems/invalid-event',
      title: 'Bad Request',
      status: 400,
      detail: 'The event is malformed.',
      errors: [{ path: 'data.application.id', message: 'Required' }],
    });
  });

  it('answers an unknown route with 404 and no query string', async () => {
    const { status, body } = await request('GET', '/nowhere/123?token=abc');
    expect(status).toBe(404);
    expect(body.detail).toBe('No route for GET /nowhere/123.');
    expect(JSON.stringify(body)).not.toContain('abc');
  });

  it('answers a too large body with 413', async () => {
    const { status, body } = await request('POST', '/echo', JSON.stringify({ padding: 'x'.repeat(200) }));
    expect(status).toBe(413);
    expect(body.type).toBe('https://keepwarm.dev/problems/payload-too-large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const { status } = await request('POST', '/echo', '<event/>', 'application/xml');
    expect(status).toBe(415);
  });

  it('answers invalid and empty JSON with 400', async () => {
    const invalid = await request('POST', '/echo', '{"id": ');
    expect(invalid.status).toBe(400);
    expect(invalid.body.type).toBe('https://keepwarm.dev/problems/invalid-json');
    const empty = await request('POST', '/echo', '');
    expect(empty.status).toBe(400);
    expect(empty.body.type).toBe('https://keepwarm.dev/problems/invalid-json');
  });

  it('keeps the detail of a Nest 4xx exception', async () => {
    const { status, body } = await request('GET', '/bad-request');
    expect(status).toBe(400);
    expect(body.detail).toBe('cursor is not valid');
  });

  it('answers the throttler with 429 and Retry-After', async () => {
    const { status, headers } = await request('GET', '/throttled');
    expect(status).toBe(429);
    expect(Number(headers['retry-after'])).toBeGreaterThan(0);
  });

  it.each(['/database-down', '/database-shutdown'])('answers %s with 503 and Retry-After: 5', async (url) => {
    const { status, headers, body } = await request('GET', url);
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('5');
    expect(body.type).toBe('https://keepwarm.dev/problems/storage-unavailable');
  });

  it.each(['/crash', '/unsafe-syntax'])(
    'answers %s with a generic 500 that hides the message',
    async (url) => {
      const { status, body } = await request('GET', url);
      expect(status).toBe(500);
      expect(body.detail).toBe('An unexpected error occurred.');
      expect(JSON.stringify(body)).not.toContain('hunter2');
    },
  );
});

describe('isDatabaseUnavailable', () => {
  it.each([
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    new AggregateError(
      [Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })],
      '',
    ),
    new Error('timeout exceeded when trying to connect'),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('x'), { code: '57P01' }) }),
  ])('recognises %p', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    new Error('boom'),
    Object.assign(new Error('duplicate key'), { code: '23505' }),
    Object.assign(new Error('syntax error'), { code: '42601' }),
    null,
    'ECONNREFUSED',
  ])('does not mistake %p for an outage', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
