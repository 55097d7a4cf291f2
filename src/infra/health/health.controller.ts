import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type IORedis from 'ioredis';
import { REDIS_CONNECTION } from '../queue/queue.constants';
import type { ComponentStatus, ReadinessReport } from './health.api';

// docs/contract.md: /health/ready is 503 only when PostgreSQL is unreachable. A Redis outage marks the
// service degraded but ready, since webhooks are still accepted (they are durable in PostgreSQL).

const pingTimeoutMs = 1000;

// The routes and their answers are described in health.api.ts (/docs).
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: TypeOrmHealthIndicator,
    @Optional() @Inject(REDIS_CONNECTION) private readonly redis?: IORedis,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const status = database.status === 'down' ? 'error' : redis.status === 'down' ? 'degraded' : 'ok';
    if (status === 'error') void reply.status(503);
    void reply.header('cache-control', 'no-store');
    const details = { database, redis };
    const entries = Object.entries(details);
    return {
      status,
      info: Object.fromEntries(entries.filter(([, component]) => component.status === 'up')),
      error: Object.fromEntries(entries.filter(([, component]) => component.status === 'down')),
      details,
    };
  }

  private async checkDatabase(): Promise<ComponentStatus> {
    try {
      const result: HealthIndicatorResult = await this.database.pingCheck('database', {
        timeout: pingTimeoutMs,
      });
      const outcome = result.database as { status?: string; message?: unknown } | undefined;
      if (outcome?.status === 'up') return { status: 'up' };
      return {
        status: 'down',
        message: typeof outcome?.message === 'string' ? outcome.message : 'PostgreSQL is unreachable',
      };
    } catch {
      return { status: 'down', message: 'PostgreSQL is unreachable' };
    }
  }

  private async checkRedis(): Promise<ComponentStatus> {
    if (this.redis === undefined)
      return { status: 'down', message: 'Redis is not configured in this process' };
    // Pinging a connection that is not ready would wait in ioredis' offline queue (or fail), so say so at once.
    if (this.redis.status !== 'ready')
      return { status: 'down', message: `Redis connection is ${this.redis.status}` };
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`timeout of ${pingTimeoutMs}ms exceeded`)), pingTimeoutMs);
      });
      await Promise.race([this.redis.ping(), timeout]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
