import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Every metric keepwarm exposes, on one registry per service instance (tests build many apps in
// one process; the global registry would reject duplicate names). Labels are closed sets (routes,
// kinds, outcomes), never ids or personal data.

type Collector = () => void | Promise<void>;

@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration, by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** outcome: accepted | duplicate | ignored | quarantined | rejected | unauthorized */
  readonly webhookEvents = new Counter({
    name: 'webhook_events_total',
    help: 'Webhook events received, by source, canonical type and outcome',
    labelNames: ['source', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly unknownStageNames = new Counter({
    name: 'unknown_stage_names_total',
    help: 'Stage names that matched no stage kind and defaulted to interview',
    registers: [this.registry],
  });

  readonly flagsOpen = new Gauge({
    name: 'flags_open',
    help: 'Open flags, by kind and severity',
    labelNames: ['kind', 'severity'] as const,
    registers: [this.registry],
  });

  readonly flagsOpened = new Counter({
    name: 'flags_opened_total',
    help: 'Flags opened, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly flagsResolved = new Counter({
    name: 'flags_resolved_total',
    help: 'Flags resolved, by kind and reason',
    labelNames: ['kind', 'reason'] as const,
    registers: [this.registry],
  });

  readonly sweepDuration = new Histogram({
    name: 'sweep_duration_seconds',
    help: 'Duration of one sweep over the due applications',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });

  readonly sweepBatches = new Counter({
    name: 'sweep_batches_total',
    help: 'Sweep batches claimed',
    registers: [this.registry],
  });

  readonly sweepApplicationsEvaluated = new Counter({
    name: 'sweep_applications_evaluated_total',
    help: 'Applications evaluated by sweeps',
    registers: [this.registry],
  });

  /** kind: keep_warm | feedback_reminder | digest; status: the outbox status; reason: suppression or failure reason, or "none". */
  readonly notifications = new Counter({
    name: 'notifications_total',
    help: 'Notifications by kind, resulting status and reason',
    labelNames: ['kind', 'status', 'reason'] as const,
    registers: [this.registry],
  });

  readonly emailSendFailures = new Counter({
    name: 'email_send_failures_total',
    help: 'Failed email send attempts, by kind and reason (e.g. smtp_unavailable, rejected)',
    labelNames: ['kind', 'reason'] as const,
    registers: [this.registry],
  });

  /** status: queued | skipped | sent | failed */
  readonly digests = new Counter({
    name: 'digests_total',
    help: 'Recruiter digests, by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'outbox_pending',
    help: 'Notifications in the outbox waiting to be relayed',
    registers: [this.registry],
  });

  private readonly collectors: Collector[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Runs before every scrape: the place to refresh gauges read from the database (flags_open, outbox_pending).
   * A failing collector is skipped so that the other metrics are still served.
   */
  addCollector(collector: Collector): void {
    this.collectors.push(collector);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async exposition(): Promise<string> {
    await Promise.allSettled(this.collectors.map(async (collect) => collect()));
    return this.registry.metrics();
  }
}
