import { DynamicModule, Logger, Module } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { isDatabaseUnavailable } from '../http/problem';

const reconnectDelayMs = 2000;
const reconnectTimerName = 'database-reconnect';

export interface DatabaseModuleOptions {
  /** The data source's options: the composition root knows the entities and migrations. */
  options: (config: AppConfig) => DataSourceOptions;
  /**
   * The API starts without PostgreSQL and answers 503 until it is back, instead of a crash loop.
   * Other processes (the worker, the CLI) fail at start, so an orchestrator restarts them. The retry
   * is a timer of this process in the SchedulerRegistry (needs ScheduleModule.forRoot() in the root),
   * which clears it on shutdown.
   */
  waitForDatabase?: boolean;
}

/** Makes the first connection; with a timer registry, retries it in the background until it succeeds. */
class DatabaseConnector {
  private readonly logger = new Logger('DatabaseModule');
  private timers: SchedulerRegistry | undefined;

  /** Waiting for the database needs the registry that holds (and on shutdown clears) the retry timer. */
  waitForDatabase(timers: SchedulerRegistry): void {
    this.timers = timers;
  }

  /** Queries made before the first connection succeeds fail as "database unavailable". */
  async connect(options: DataSourceOptions): Promise<DataSource> {
    const dataSource = new DataSource(options);
    let failed = false;
    const attempt = async (): Promise<void> => {
      try {
        await dataSource.initialize();
        // Worth an info line only after an outage; the process's start-up line says the rest.
        if (failed) this.logger.log('connected to PostgreSQL');
        else this.logger.debug('connected to PostgreSQL');
      } catch (error) {
        const timers = this.timers;
        if (!timers || !isDatabaseUnavailable(error)) throw error;
        failed = true;
        this.logger.warn(
          `PostgreSQL is unreachable (${(error as Error).message}); retrying in the background`,
        );
        const timer = setTimeout(() => {
          timers.deleteTimeout(reconnectTimerName);
          attempt().catch((fatal: unknown) =>
            this.logger.error(`cannot connect to PostgreSQL: ${String(fatal)}`),
          );
        }, reconnectDelayMs);
        timer.unref();
        timers.addTimeout(reconnectTimerName, timer);
      }
    };
    await attempt();
    return dataSource;
  }
}

/** PostgreSQL through TypeORM, one data source per process, configured by the composition root. */
@Module({})
export class DatabaseModule {
  static forRoot({ options, waitForDatabase = false }: DatabaseModuleOptions): DynamicModule {
    // Per process and per call: the API's choice to wait never leaks into a worker in the same process.
    const connector = new DatabaseConnector();
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: waitForDatabase ? [AppConfig, SchedulerRegistry] : [AppConfig],
          useFactory: (config: AppConfig, timers?: SchedulerRegistry) => {
            if (timers) connector.waitForDatabase(timers);
            return {
              ...options(config),
              retryAttempts: 0,
              // The connector initialises the data source itself.
              manualInitialization: true,
            };
          },
          dataSourceFactory: async (dataSourceOptions) => connector.connect(dataSourceOptions!),
        }),
      ],
    };
  }
}
