import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';

export interface ScheduleSpec {
  queue: Queue;
  /** Fixed id: every replica upserts the same scheduler, so the task ticks once per interval. */
  schedulerId: string;
  everyMs: number;
  jobName: string;
  jobOptions: JobsOptions;
}

/**
 * Keeps the worker's BullMQ job schedulers in Redis. The schedulers are cluster-wide (fixed ids, so N
 * replicas tick once); re-asserting them is this process's own timer, registered with Nest's
 * SchedulerRegistry, which clears it when the application shuts down.
 */
@Injectable()
export class JobSchedulers {
  private readonly logger = new Logger(JobSchedulers.name);
  private readonly schedules: KeptSchedule[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly timers: SchedulerRegistry,
  ) {}

  /**
   * Upserts the job scheduler now and again every SCHEDULE_REFRESH_MS (a minute by default). Upserting
   * is idempotent (the next tick keeps its job id), and it gives the schedule back to a Redis that lost
   * its data (a restart without AOF, a flush) without restarting the worker. Redis down only delays
   * it: failures are logged and retried.
   */
  keep(spec: ScheduleSpec): void {
    const upsert = (): void => {
      spec.queue
        .upsertJobScheduler(
          spec.schedulerId,
          { every: spec.everyMs },
          { name: spec.jobName, data: {}, opts: spec.jobOptions },
        )
        .catch((error: unknown) =>
          this.logger.warn(`Could not schedule ${spec.schedulerId} (retrying): ${String(error)}`),
        );
    };
    upsert();
    const timer = setInterval(upsert, this.config.env.scheduleRefreshMs);
    timer.unref();
    this.timers.addInterval(refreshTimerName(spec.schedulerId), timer);
    this.schedules.push({ schedulerId: spec.schedulerId, everyMs: spec.everyMs });
  }

  /** The schedules this process keeps (its start-up line names them). */
  kept(): readonly KeptSchedule[] {
    return this.schedules;
  }
}

export interface KeptSchedule {
  schedulerId: string;
  everyMs: number;
}

/** The refresh timer's name in the SchedulerRegistry. */
export function refreshTimerName(schedulerId: string): string {
  return `job-scheduler-refresh:${schedulerId}`;
}
