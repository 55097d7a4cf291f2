import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { isDatabaseUnavailable } from '../http/problem';
import { dataSourceOptions } from './data-source';

const logger = new Logger('DatabaseModule');
const reconnectDelayMs = 2000;
const pendingReconnects = new Set<NodeJS.Timeout>();
let waitForDatabase = false;

/**
 * The API process calls this before it is created: it starts without PostgreSQL and answers 503 until
 * PostgreSQL is back. Other processes (the worker, the CLI) fail at start instead, so an orchestrator
 * restarts them.
 */
export function startWithoutDatabase(): void {
  waitForDatabase = true;
}

/**
 * Start even when PostgreSQL is down: webhooks answer 503 (and /health/ready 503) until it is back,
 * instead of a crash loop. The first connection is retried in the background; queries made before
 * it succeeds fail as "database unavailable".
 */
async function connectWhenPossible(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(options);
  const attempt = async (): Promise<void> => {
    try {
      await dataSource.initialize();
      logger.log('connected to PostgreSQL');
    } catch (error) {
      if (!waitForDatabase || !isDatabaseUnavailable(error)) throw error;
      logger.warn(`PostgreSQL is unreachable (${(error as Error).message}); retrying in the background`);
      const timer = setTimeout(() => {
        pendingReconnects.delete(timer);
        attempt().catch((fatal: unknown) => logger.error(`cannot connect to PostgreSQL: ${String(fatal)}`));
      }, reconnectDelayMs);
      timer.unref();
      pendingReconnects.add(timer);
    }
  };
  await attempt();
  return dataSource;
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({ url: config.env.databaseUrl, poolSize: config.env.dbPoolSize }),
        retryAttempts: 0,
        // connectWhenPossible initialises the data source itself.
        manualInitialization: true,
      }),
      dataSourceFactory: async (options) => connectWhenPossible(options as DataSourceOptions),
    }),
  ],
})
export class DatabaseModule implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    for (const timer of pendingReconnects) clearTimeout(timer);
    pendingReconnects.clear();
  }
}
