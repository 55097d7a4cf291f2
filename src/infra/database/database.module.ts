import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { dataSourceOptions } from './data-source';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({ url: config.env.databaseUrl, poolSize: config.env.dbPoolSize }),
        // Start even when PostgreSQL is down: webhooks answer 503 until it is back, instead of a crash loop.
        retryAttempts: 0,
      }),
    }),
  ],
})
export class DatabaseModule {}
