import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/**
 * A BullMQ worker emits 'error' when Redis fails under it (a lost connection, a job's keys gone
 * mid-flight after a flush); an EventEmitter error nobody listens to would end the process. Every
 * processor of the worker process gets one listener here, after @nestjs/bullmq has created the workers.
 */
@Injectable()
export class WorkerErrorListeners implements OnApplicationBootstrap {
  private readonly logger = new Logger('WorkerErrors');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const host: unknown = wrapper.instance;
      if (!(host instanceof WorkerHost)) continue;
      const worker = host.worker;
      worker.on('error', (error: Error) => this.logger.warn(`worker ${worker.name}: ${error.message}`));
    }
  }
}
