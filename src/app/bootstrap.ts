import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { ensureDatabaseExists, runMigrationsLocked } from '../infra/database/migrate';
import { registerJsonBodyParser, WEBHOOK_BODY_LIMIT } from '../infra/http/json-body';
import { buildOpenApiDocument, serveOpenApi } from '../infra/http/openapi';
import {
  AppLogger,
  fastifyRequestIdOptions,
  registerRequestIdHeader,
  registerWebhookRequestLogs,
} from '../infra/logging/logging.module';
import { registerHttpMetrics } from '../infra/metrics/http-metrics';
import { MetricsService } from '../infra/metrics/metrics.service';
import { ApiModule } from './api.module';
import { apiRoutes } from './api-routes';
import { WorkerModule } from './worker.module';

/** Creates the database if needed and applies pending migrations under an advisory lock (once across replicas). */
export async function prepareDatabase(config: AppConfig): Promise<string[]> {
  await ensureDatabaseExists(config.env.databaseUrl);
  const dataSource = new DataSource({
    ...dataSourceOptions({ url: config.env.databaseUrl, poolSize: 2, applicationName: 'keepwarm-migrate' }),
  });
  await dataSource.initialize();
  try {
    return await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  if (config.env.migrationsRun) await prepareDatabase(config);
  const adapter = new FastifyAdapter({
    ...fastifyRequestIdOptions,
    bodyLimit: WEBHOOK_BODY_LIMIT,
    trustProxy: true,
  });
  // bodyParser off: registerJsonBodyParser keeps the raw body for HMAC itself (see json-body.ts).
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(AppLogger));
  registerJsonBodyParser(app.getHttpAdapter().getInstance());
  registerRequestIdHeader(app.getHttpAdapter().getInstance());
  registerWebhookRequestLogs(app.getHttpAdapter().getInstance());
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get(MetricsService));
  closeConnectionsWhenDraining(app.getHttpAdapter().getInstance());
  serveOpenApi(app.getHttpAdapter().getInstance(), buildOpenApiDocument(apiRoutes));
  // Signals are wired by the entrypoints (closeOnSignals), not enableShutdownHooks(): see startup.ts.
  return app;
}

export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  return app;
}

/**
 * While the API drains, answers in flight end their keep-alive connection: a socket that was busy when
 * the server began closing would otherwise stay open for the keep-alive timeout and hold up the exit.
 */
function closeConnectionsWhenDraining(instance: FastifyInstance): void {
  let draining = false;
  instance.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  instance.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
}
