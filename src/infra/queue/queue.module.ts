import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { queueNames, REDIS_CONNECTION } from './queue.constants';
import { WorkerErrorListeners } from './worker-error-listeners';
import { bullConnectionOptions, createRedisConnection, RedisRole } from './redis';

const queueLogger = new Logger('QueueModule');

// A Queue emits 'error' when Redis is unreachable (the API's producer connections fail fast by design);
// an EventEmitter error without a listener would crash the process, so every queue gets one.
const queueErrorListeners = {
  provide: Symbol('QUEUE_ERROR_LISTENERS'),
  inject: Object.values(queueNames).map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]) => {
    for (const queue of queues) {
      queue.on('error', (error: Error) => queueLogger.warn(`queue ${queue.name}: ${error.message}`));
    }
    return queues.length;
  },
};

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
        DiscoveryModule,
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
      providers: [
        connectionProvider,
        queueErrorListeners,
        ...(role === 'worker' ? [WorkerErrorListeners] : []),
      ],
      exports: [REDIS_CONNECTION, BullModule],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
