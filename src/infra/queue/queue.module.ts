import { BullModule, InjectQueue } from '@nestjs/bullmq';
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { queueNames, REDIS_CONNECTION } from './queue.constants';
import { JobSchedulers } from './job-schedulers';
import { WorkerErrorListeners } from './worker-error-listeners';
import { bullConnectionOptions, createRedisConnection, RedisRole } from './redis';

// A Queue emits 'error' when Redis is unreachable (the API's producer connections fail fast by design);
// an EventEmitter error without a listener would crash the process, so every queue gets one. And a
// queue closed while its first connection is still being set up (a process stopped right after it
// started) rejects that setup after its listeners are gone: shutdown waits for it first, briefly.
@Injectable()
class QueueGuards implements BeforeApplicationShutdown {
  private readonly logger = new Logger('QueueModule');
  private readonly queues: Queue[];

  constructor(
    @InjectQueue(queueNames.sweep) sweep: Queue,
    @InjectQueue(queueNames.outbox) outbox: Queue,
    @InjectQueue(queueNames.email) email: Queue,
    @InjectQueue(queueNames.digest) digest: Queue,
  ) {
    this.queues = [sweep, outbox, email, digest];
    for (const queue of this.queues) {
      queue.on('error', (error: Error) => this.logger.warn(`queue ${queue.name}: ${error.message}`));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.queues.map((queue) =>
        Promise.race([
          queue.waitUntilReady().then(
            () => undefined,
            () => undefined,
          ),
          new Promise<void>((resolve) => setTimeout(resolve, 1000).unref()),
        ]),
      ),
    );
  }
}

/**
 * Redis for BullMQ: one shared connection per process, every key under QUEUE_PREFIX. The worker's
 * side also keeps the job schedulers (JobSchedulers: needs ScheduleModule.forRoot() in the root).
 */
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
        QueueGuards,
        ...(role === 'worker' ? [WorkerErrorListeners, JobSchedulers] : []),
      ],
      exports: [REDIS_CONNECTION, BullModule, ...(role === 'worker' ? [JobSchedulers] : [])],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
