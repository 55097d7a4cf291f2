import { DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { isDatabaseUnavailable } from '../http/problem';

const reconnectDelayMs = 2000;

export interface DatabaseModuleOptions {
  /** The data source's options: the composition root knows the entities and migrations. */
  options: (config: AppConfig) => DataSourceOptions;
  /**
   * The API starts without PostgreSQL and answers 503 until it is back, instead of a crash loop.
   * Other processes (the worker, the CLI) fail at start, so an orchestrator restarts them.
   */
  waitForDatabase?: boolean;
}

/** Makes the first connection; with waitForDatabase, retries it in the background until it succeeds. */
class DatabaseConnector {
  private readonly logger = new Logger('DatabaseModule');
  private readonly pendingReconnects = new Set<NodeJS.Timeout>();

  constructor(private readonly waitForDatabase: boolean) {}

  /** Queries made before the first connection succeeds fail as "database unavailable". */
  async connect(options: DataSourceOptions): Promise<DataSource> {
    const dataSource = new DataSource(options);
    const attempt = async (): Promise<void> => {
      try {
        await dataSource.initialize();
        this.logger.log('connected to PostgreSQL');
      } catch (error) {
        if (!this.waitForDatabase || !isDatabaseUnavailable(error)) throw error;
        this.logger.warn(
          `PostgreSQL is unreachable (${(error as Error).message}); retrying in the background`,
        );
        const timer = setTimeout(() => {
          this.pendingReconnects.delete(timer);
          attempt().catch((fatal: unknown) =>
            this.logger.error(`cannot connect to PostgreSQL: ${String(fatal)}`),
          );
        }, reconnectDelayMs);
        timer.unref();
        this.pendingReconnects.add(timer);
      }
    };
    await attempt();
    return dataSource;
  }

  stopReconnecting(): void {
    for (const timer of this.pendingReconnects) clearTimeout(timer);
    this.pendingReconnects.clear();
  }
}

/** PostgreSQL through TypeORM, one data source per process, configured by the composition root. */
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly connector: DatabaseConnector) {}

  static forRoot({ options, waitForDatabase = false }: DatabaseModuleOptions): DynamicModule {
    // Per process and per call: the API's choice to wait never leaks into a worker in the same process.
    const connector = new DatabaseConnector(waitForDatabase);
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...options(config),
            retryAttempts: 0,
            // The connector initialises the data source itself.
            manualInitialization: true,
          }),
          dataSourceFactory: async (dataSourceOptions) => connector.connect(dataSourceOptions!),
        }),
      ],
      providers: [{ provide: DatabaseConnector, useValue: connector }],
    };
  }

  onApplicationShutdown(): void {
    this.connector.stopReconnecting();
  }
}
