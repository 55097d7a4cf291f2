import { DynamicModule, Global, Module } from '@nestjs/common';
import type IORedis from 'ioredis';
import { REDIS_CONNECTION } from '../../src/infra/queue/queue.constants';

/** REDIS_CONNECTION from a connection the test owns, for modules tested without QueueModule's queues. */
@Global()
@Module({})
export class RedisConnectionModule {
  static with(redis: IORedis): DynamicModule {
    return {
      module: RedisConnectionModule,
      providers: [{ provide: REDIS_CONNECTION, useValue: redis }],
      exports: [REDIS_CONNECTION],
    };
  }
}
