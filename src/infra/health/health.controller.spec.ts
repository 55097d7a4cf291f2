import { Global, Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { REDIS_CONNECTION } from '../queue/queue.constants';
import { HealthModule } from './health.module';

interface FakeRedis {
  status: string;
  ping: () => Promise<string>;
}

function fakeRedisModule(redis: FakeRedis) {
  @Global()
  @Module({ providers: [{ provide: REDIS_CONNECTION, useValue: redis }], exports: [REDIS_CONNECTION] })
  class FakeRedisModule {}
  return FakeRedisModule;
}

describe('HealthController', () => {
  let app: NestFastifyApplication;
  let databaseUp: boolean;
  const redis: FakeRedis = { status: 'ready', ping: async () => 'PONG' };

  beforeAll(async () => {
    const indicator = {
      pingCheck: async (key: string) =>
        databaseUp
          ? { [key]: { status: 'up' } }
          : { [key]: { status: 'down', message: 'timeout of 1000ms exceeded' } },
    };
    const moduleRef = await Test.createTestingModule({ imports: [fakeRedisModule(redis), HealthModule] })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue(indicator)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  beforeEach(() => {
    databaseUp = true;
    redis.status = 'ready';
    redis.ping = async () => 'PONG';
  });

  it('is live while the process runs, whatever the dependencies', async () => {
    databaseUp = false;
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL and Redis answer', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('answers 503 when PostgreSQL is unreachable', async () => {
    databaseUp = false;
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
  });

  it('stays ready but degraded when Redis is down', async () => {
    redis.status = 'reconnecting';
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'degraded',
      details: { database: { status: 'up' }, redis: { status: 'down' } },
    });
  });

  it('gives up on a Redis ping that hangs', async () => {
    redis.ping = () => new Promise<string>(() => undefined);
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(response.json()).toMatchObject({
      status: 'degraded',
      details: { redis: { status: 'down', message: 'timeout of 1000ms exceeded' } },
    });
  });
});
