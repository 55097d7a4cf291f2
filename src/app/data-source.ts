import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { entities } from './entities';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/keepwarm';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

// Compiled: dist/app -> dist/migrations/*.js. Under jest: src/app -> migrations/*.ts.
const migrationsGlob = join(__dirname, '..', '..', 'migrations', '*.ts');
const compiledMigrationsGlob = join(__dirname, '..', 'migrations', '*.js');

// The composition root knows every domain's entities; infra/database knows none of them.

/** The one set of options shared by the app, the TypeORM CLI and the tests. `synchronize` is never on. */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    uuidExtension: 'pgcrypto',
    url: options.url,
    entities,
    migrations: [__filename.endsWith('.ts') ? migrationsGlob : compiledMigrationsGlob],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      // Bounded waits: with PostgreSQL gone a request fails within about a second (503), never hangs.
      connectionTimeoutMillis: 1000,
      idleTimeoutMillis: 30000,
      statement_timeout: 15000,
      application_name: options.applicationName ?? 'keepwarm',
    },
  };
}

/** The running processes' data source: the pool size comes from DB_POOL_SIZE. */
export function appDataSourceOptions(config: AppConfig): DataSourceOptions {
  return dataSourceOptions({ url: config.env.databaseUrl, poolSize: config.env.dbPoolSize });
}

// The TypeORM CLI (migration:generate) loads this file's default export.
export default new DataSource(
  dataSourceOptions({
    url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    applicationName: 'keepwarm-cli',
  }),
);
