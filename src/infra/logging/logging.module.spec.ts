import { Writable } from 'node:stream';
import { Controller, Get, HttpCode, Logger as NestLogger, Post, UnauthorizedException } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger, LoggerModule, PinoLogger } from 'nestjs-pino';
import {
  fastifyRequestIdOptions,
  loggerParams,
  redactPersonalData,
  registerRequestIdHeader,
  registerWebhookRequestLogs,
} from './logging.module';

describe('redactPersonalData', () => {
  it('redacts names, emails and recipients at any depth and leaves the rest', () => {
    const input = {
      event_id: 'evt_1',
      data: {
        application: {
          id: 'app_1',
          candidate: {
            id: 'c_1',
            name: 'Jane Doe',
            email: 'jane@example.com',
            agency_email: 'agent@example.com',
          },
        },
        stage: { kind: 'interview' },
      },
      recipient: 'jane@example.com',
      to: ['jane@example.com'],
      candidate_name: 'Jane Doe',
      note: 'emailed jane@example.com yesterday',
      people: [{ name: 'Sam Recruiter' }],
      count: 3,
      missing: null,
    };
    const output = redactPersonalData(input);
    expect(output).toEqual({
      event_id: 'evt_1',
      data: {
        application: {
          id: 'app_1',
          candidate: { id: 'c_1', name: '[redacted]', email: '[redacted]', agency_email: '[redacted]' },
        },
        stage: { kind: 'interview' },
      },
      recipient: '[redacted]',
      to: '[redacted]',
      candidate_name: '[redacted]',
      note: 'emailed [redacted] yesterday',
      people: [{ name: '[redacted]' }],
      count: 3,
      missing: null,
    });
    expect(input.data.application.candidate.email).toBe('jane@example.com');
  });

  it('keeps errors and dates as they are and survives cycles', () => {
    const error = new Error('boom');
    const at = new Date(0);
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    const output = redactPersonalData({ err: error, at, cyclic });
    expect(output.err).toBe(error);
    expect(output.at).toBe(at);
    expect((output.cyclic as Record<string, unknown>).self).toBe('[truncated]');
  });
});

@Controller()
class LoggingController {
  constructor(private readonly logger: PinoLogger) {}

  @Get('v1/things')
  things(): { ok: true } {
    this.logger.info(
      {
        candidate: { id: 'c_1', email: 'jane@example.com', name: 'Jane Doe' },
        payload: { data: { application: { candidate: { email: 'deep@example.com' } } } },
      },
      'candidate touched',
    );
    return { ok: true };
  }

  @Get('health/live')
  live(): { ok: true } {
    return { ok: true };
  }

  @Post('webhooks/events')
  @HttpCode(200)
  webhook(): { status: 'accepted' } {
    return { status: 'accepted' };
  }

  @Post('webhooks/refused')
  refused(): never {
    throw new UnauthorizedException();
  }
}

describe('request logging', () => {
  const lines: string[] = [];
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [LoggerModule.forRoot(loggerParams({ logLevel: 'info' }, destination))],
      controllers: [LoggingController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(
      new FastifyAdapter(fastifyRequestIdOptions),
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    registerRequestIdHeader(app.getHttpAdapter().getInstance());
    registerWebhookRequestLogs(app.getHttpAdapter().getInstance());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    NestLogger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']);
  });

  it('logs method, path, status and duration, without query, headers, body or personal data', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/things?token=leaky-token',
      headers: { authorization: 'Bearer secret-token', 'x-request-id': 'req-123' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('req-123');

    const output = lines.join('\n');
    expect(output).not.toMatch(/leaky-token|secret-token|jane@example\.com|deep@example\.com|Jane Doe/);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const completed = records.find((record) => record.msg === 'request completed');
    expect(completed).toMatchObject({
      req: { id: 'req-123', method: 'GET', url: '/v1/things' },
      res: { statusCode: 200 },
    });
    expect(Object.keys(completed?.req as object).sort()).toEqual(['id', 'method', 'url']);
    expect(typeof completed?.responseTime).toBe('number');
    const touched = records.find((record) => record.msg === 'candidate touched');
    expect(touched?.candidate).toEqual({ id: 'c_1', email: '[redacted]', name: '[redacted]' });
  });

  it('gives requests without a sane X-Request-Id a UUID', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/things',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not log health checks', async () => {
    const before = lines.length;
    await app.inject({ method: 'GET', url: '/health/live' });
    expect(lines.slice(before).filter((line) => line.includes('/health/live'))).toEqual([]);
  });

  it('logs each webhook delivery once, in the same shape, at warn when refused', async () => {
    const before = lines.length;
    await app.inject({ method: 'POST', url: '/webhooks/events?x=1', headers: { 'x-request-id': 'wh-1' } });
    await app.inject({ method: 'POST', url: '/webhooks/refused', headers: { 'x-request-id': 'wh-2' } });
    const completed = lines
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record.msg === 'request completed');
    expect(completed).toHaveLength(2);
    expect(completed[0]).toMatchObject({
      level: 30,
      req: { id: 'wh-1', method: 'POST', url: '/webhooks/events' },
      res: { statusCode: 200 },
    });
    expect(Object.keys(completed[0].req as object).sort()).toEqual(['id', 'method', 'url']);
    expect(typeof completed[0].responseTime).toBe('number');
    expect(completed[1]).toMatchObject({ level: 40, req: { id: 'wh-2' }, res: { statusCode: 401 } });
  });
});
