import { Controller, Get, Param } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { registerHttpMetrics } from './http-metrics';
import { MetricsModule } from './metrics.module';
import { MetricsService } from './metrics.service';

@Controller('v1/things')
class ThingsController {
  @Get(':id')
  thing(@Param('id') id: string): { id: string } {
    return { id };
  }
}

describe('metrics', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule],
      controllers: [ThingsController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get(MetricsService));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('labels requests by route pattern, never by raw URL', async () => {
    await app.inject({ method: 'GET', url: '/v1/things/3f2c-jane@example.com?token=abc' });
    await app.inject({ method: 'GET', url: '/unknown/42' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain(
      'http_requests_total{method="GET",route="/v1/things/:id",status="200"} 1',
    );
    expect(response.body).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(response.body).toContain('http_request_duration_seconds_bucket');
    expect(response.body).not.toMatch(/jane|3f2c|token|unknown\/42/);
  });

  it('exposes every named metric and the default process metrics', async () => {
    const metrics = app.get(MetricsService);
    metrics.webhookEvents.inc({ source: 'canonical', type: 'application.created', outcome: 'accepted' });
    metrics.flagsOpen.set({ kind: 'candidate_silent', severity: 'medium' }, 2);
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const name of [
      'webhook_events_total',
      'unknown_stage_names_total',
      'flags_open',
      'flags_opened_total',
      'flags_resolved_total',
      'sweep_duration_seconds',
      'sweep_batches_total',
      'sweep_applications_evaluated_total',
      'notifications_total',
      'email_send_failures_total',
      'digests_total',
      'outbox_pending',
      'process_cpu_user_seconds_total',
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
    expect(body).toContain('flags_open{kind="candidate_silent",severity="medium"} 2');
  });

  it('refreshes gauges through collectors, and survives a failing one', async () => {
    const metrics = app.get(MetricsService);
    metrics.addCollector(() => metrics.outboxPending.set(7));
    metrics.addCollector(async () => {
      throw new Error('database down');
    });
    expect(await metrics.exposition()).toContain('outbox_pending 7');
  });

  it('keeps a registry per instance', () => {
    expect(() => new MetricsService()).not.toThrow();
    expect(new MetricsService().registry).not.toBe(app.get(MetricsService).registry);
  });
});
