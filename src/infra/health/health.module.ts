import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';

/**
 * GET /health/live and /health/ready. Needs the app's TypeOrmModule (the default DataSource) for the
 * PostgreSQL ping and, optionally, the global REDIS_CONNECTION provider (QueueModule) for Redis.
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
})
export class HealthModule {}
