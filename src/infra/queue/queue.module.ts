import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { queueNames, REDIS_CONNECTION } from './queue.constants';
import { bullConnectionOptions, createRedisConnection, RedisRole } from './redis';

/** Redis for BullMQ: one shared connection per process, every key under QUEUE_PREFIX. */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONNECTION) private readonly connection: IORedis) {}

  static forRoot(role: RedisRole): DynamicModule {
    const connectionProvider = {
      provide: REDIS_CONNECTION,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedisConnection(config.env.redisUrl, role),
    };
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            // BullMQ opens its own connections from these options (blocking workers need their own).
            connection: bullConnectionOptions(config.env.redisUrl, role),
            prefix: config.env.queuePrefix,
          }),
        }),
        BullModule.registerQueue(...Object.values(queueNames).map((name) => ({ name }))),
      ],
      providers: [connectionProvider],
      exports: [REDIS_CONNECTION, BullModule],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
