import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { DateOrDateTime } from '../infra/http/date-parameters';
import { MetricsService } from '../infra/metrics/metrics.service';
import { OutboxRelayNudge } from '../notifications/outbox-relay-nudge';
import { PipelineService } from '../pipeline/pipeline.service';
import { earliestLocalInstant } from '../policy/local-time';
import { flagsAnsweredBy, type RecruiterActionKind } from '../policy/types';
import { FlagsRepository, ResolvedFlagView } from './flags.repository';
import { RecordedAction, RecruiterActionsRepository } from './recruiter-actions.repository';
import { SweepRepository } from './sweep.repository';
import { SweepService } from './sweep.service';

// What a recruiter tells keepwarm they did (docs/rules.md, "Recruiter actions"). Updating or rejecting the
// candidate is human outbound contact: it goes into the event log like any contact the ATS reports.
const humanContactActions: ReadonlySet<RecruiterActionKind> = new Set([
  'candidate_updated',
  'rejection_sent',
]);

export interface ActionRecorded {
  action: RecordedAction;
  /** Flags the action answered, and flags whose cause it took away (the re-evaluation). */
  resolvedFlags: ResolvedFlagView[];
}

export interface SnoozeState {
  applicationId: string;
  snoozedUntil: Date;
  reason: string | null;
}

@Injectable()
export class RecruiterActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RecruiterActionsRepository,
    private readonly flagWrites: SweepRepository,
    private readonly flags: FlagsRepository,
    private readonly sweep: SweepService,
    private readonly pipeline: PipelineService,
    private readonly relay: OutboxRelayNudge,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records the action, resolves the open flags it answers (keeping their cause, so the same
   * occurrence stays answered), records contact where it is contact, and re-evaluates at once.
   * Null when the application is unknown.
   */
  async record(
    applicationId: string,
    input: { kind: RecruiterActionKind; note: string | null },
    now: Date = new Date(),
  ): Promise<ActionRecorded | null> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      if (!(await this.pipeline.lockApplication(manager, applicationId))) return null;
      const action = await this.repository.insertAction(manager, { applicationId, ...input, at: now });
      const answerable = await this.repository.openFlagIdsOfKinds(
        manager,
        applicationId,
        flagsAnsweredBy[input.kind],
      );
      const resolution = `answered:${input.kind}`;
      const answered = await this.flagWrites.resolveFlags(
        manager,
        answerable.map((id) => ({ id, resolution })),
        now,
      );
      if (humanContactActions.has(input.kind)) {
        await this.pipeline.apply(
          manager,
          'keepwarm',
          [
            {
              event: {
                id: `action:${action.id}`,
                type: 'candidate.contacted',
                occurred_at: now.toISOString(),
                data: { application_id: applicationId, direction: 'outbound', channel: 'other' },
              },
            },
          ],
          now,
        );
      }
      const evaluation = await this.sweep.reevaluate(manager, applicationId, now);
      const resolvedIds = [...answered, ...evaluation.resolved].map((flag) => flag.id);
      return {
        action,
        answered,
        resolvedFlags: await this.flags.flagsByIds(resolvedIds, manager),
        notifications: evaluation.notifications,
      };
    });
    if (!outcome) return null;
    for (const flag of outcome.answered)
      this.metrics.flagsResolved.inc({ kind: flag.kind, reason: flag.resolution });
    if (outcome.notifications > 0) await this.relay.nudge();
    return { action: outcome.action, resolvedFlags: outcome.resolvedFlags };
  }

  /**
   * When a snooze until `until` ends: a date means the start of that day in the recruiter's timezone
   * (the application's job's recruiter; the policy's timezone when theirs is unknown), `zone` says
   * which. Null when the application is unknown.
   */
  async snoozeEnd(
    applicationId: string,
    until: DateOrDateTime,
  ): Promise<{ at: Date; zone: string | null } | null> {
    if ('at' in until) return { at: until.at, zone: null };
    const application = await this.pipeline.findApplication(applicationId);
    if (!application) return null;
    const zone = application.job.recruiter?.timezone ?? this.config.policy.timezone;
    const [year, month, day] = until.date.split('-').map(Number);
    return { at: new Date(earliestLocalInstant({ year, month, day }, 0, zone)), zone };
  }

  /** Hides the application's flags from attention and digests and pauses its automatic sends until `until`. Resolves nothing. */
  async snooze(applicationId: string, until: Date, reason: string | null): Promise<SnoozeState | null> {
    const snoozed = await this.dataSource.transaction((manager) =>
      this.pipeline.snooze(manager, applicationId, until, reason),
    );
    return snoozed ? { applicationId, ...snoozed } : null;
  }
}
