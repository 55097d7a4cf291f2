import type { Application, Stage } from '../../canonical/canonical-event.schema';
import {
  dateOf,
  eventsResult,
  field,
  guarded,
  idOf,
  invalid,
  isRecord,
  isValidDate,
  PayloadIssues,
  textOf,
  unassignedPerson,
  vendorPerson,
  type AdapterResult,
  type EventDraft,
  type JsonRecord,
  type VendorContext,
} from './vendor-adapter';

// Lever webhooks (hire.lever.co/developer/documentation, "Webhooks") are thin:
// `{ id, event, triggeredAt, token, signature, data: { opportunityId, candidateId, contactId, ... } }`.
// They name things by id only, so without calling Lever's API this adapter produces what the ids
// allow: people and jobs as `lever:<id>` placeholders (isPlaceholderName), stages as
// `lever:<stageId>` unless the context can name them. The application is Lever's opportunity (an
// opportunity has at most one application, and every event names the opportunity); the candidate is
// the contact (`candidateId` is Lever's deprecated alias of the opportunity id).

export type LeverArchiveOutcome = 'rejected' | 'withdrawn' | 'hired';

export interface LeverContext extends VendorContext {
  /** Stage names by Lever stage id (GET /stages), when the caller has them. */
  stageName?: (stageId: string) => string | undefined;
  /** What an archive reason id means (GET /archive_reasons: type "hired" / "non-hired"). */
  archiveOutcome?: (reasonId: string) => LeverArchiveOutcome | undefined;
}

export function mapLever(body: unknown, ctx: LeverContext): AdapterResult {
  return guarded(() => mapLeverBody(body, ctx));
}

function mapLeverBody(body: unknown, ctx: LeverContext): AdapterResult {
  const issues = new PayloadIssues();
  const envelope = issues.record(body, '(root)');
  if (!envelope) return invalid(issues.errors);
  const event = issues.text(field(envelope, 'event'), 'event');
  const data = field(envelope, 'data');
  if (data !== undefined && data !== null && !isRecord(data)) issues.add('data', 'must be an object');
  if (!event) return invalid(issues.errors);
  if (!issues.ok) return invalid(issues.errors);
  // The settings page's "test your webhook URL" sends a real event name with `data: {}`.
  if (!isRecord(data) || Object.keys(data).length === 0) return { kind: 'ping' };

  const deliveryId = idOf(field(envelope, 'id')) ?? idOf(field(envelope, 'token'));
  if (!deliveryId) issues.add('id', 'an event id (or a token) is required');
  const triggeredAt = dateOf(field(envelope, 'triggeredAt'));
  if (typeof field(envelope, 'triggeredAt') !== 'number' || !triggeredAt) {
    issues.add('triggeredAt', 'must be a timestamp in milliseconds');
  }
  if (!isValidDate(ctx.receivedAt)) issues.add('receivedAt', 'must be a valid date');
  if (!issues.ok || !deliveryId || !triggeredAt) return invalid(issues.errors);

  const outcome = new LeverMapper(issues, ctx, data, triggeredAt).map(event);
  if (!issues.ok) return invalid(issues.errors);
  if (typeof outcome === 'string') return { kind: 'ignored', reason: outcome };
  return eventsResult(deliveryId, outcome);
}

class LeverMapper {
  constructor(
    private readonly issues: PayloadIssues,
    private readonly ctx: LeverContext,
    private readonly data: JsonRecord,
    private readonly occurredAt: Date,
  ) {}

  map(event: string): EventDraft[] | string {
    switch (event) {
      case 'applicationCreated':
        return this.withApplication((application) => [this.draft('application.created', { application })]);
      case 'candidateStageChange':
        return this.stageChanged();
      case 'candidateArchiveChange':
        return this.archiveChanged();
      case 'candidateHired':
        return this.withApplicationId((id) => [this.draft('application.hired', { application_id: id })]);
      case 'candidateDeleted':
        return this.candidateDeleted();
      case 'interviewCreated':
        return this.interview('interview.scheduled');
      case 'interviewUpdated':
        // Lever does not say what changed; an update is counted as a reschedule.
        return this.interview('interview.rescheduled');
      case 'interviewDeleted':
        return this.interviewCancelled();
      case 'contactCreated':
      case 'contactUpdated':
        return `lever ${event}: the payload carries only ids, no contact details`;
      default:
        return `lever ${event}: not an event keepwarm uses`;
    }
  }

  private stageChanged(): EventDraft[] {
    const toStageId = this.issues.id(this.data.toStageId, 'data.toStageId');
    const fromStageId = this.issues.optionalId(this.data.fromStageId, 'data.fromStageId');
    if (!toStageId) return [];
    return this.withApplication((application) => {
      const stage = this.stage(toStageId, this.data.toStageName);
      const data: { application: Application; from_stage?: Stage } = {
        application: { ...application, stage },
      };
      if (fromStageId) data.from_stage = this.stage(fromStageId, this.data.fromStageName);
      return [this.draft('application.stage_changed', data)];
    });
  }

  private archiveChanged(): EventDraft[] {
    const toArchived = this.data.toArchived;
    if (toArchived !== undefined && toArchived !== null && !isRecord(toArchived)) {
      this.issues.add('data.toArchived', 'must be an object or null');
      return [];
    }
    if (isRecord(toArchived)) {
      const reasonId = idOf(toArchived.reason);
      // The reason is an id; without the caller's lookup an archive is read as a rejection.
      const outcome = (reasonId && safeLookup(() => this.ctx.archiveOutcome?.(reasonId))) || 'rejected';
      const type =
        outcome === 'hired'
          ? 'application.hired'
          : outcome === 'withdrawn'
            ? 'application.withdrawn'
            : 'application.rejected';
      return this.withApplicationId((id) => [this.draft(type, { application_id: id })]);
    }
    // Unarchived: the application is active again; Lever does not say in which stage.
    return this.withApplication((application) => {
      const stageId = idOf(this.data.toStageId) ?? idOf(this.data.stageId);
      const stage = stageId ? this.stage(stageId, undefined) : { name: 'lever:unarchived' };
      return [this.draft('application.stage_changed', { application: { ...application, stage } })];
    });
  }

  private candidateDeleted(): EventDraft[] {
    const candidateId = this.candidateId();
    return candidateId ? [this.draft('candidate.deleted', { candidate_id: candidateId })] : [];
  }

  private interview(type: 'interview.scheduled' | 'interview.rescheduled'): EventDraft[] {
    const interviewId = this.issues.id(this.data.interviewId, 'data.interviewId');
    if (!interviewId) return [];
    // The interview's time is not in the webhook unless Lever adds `date` (ms) and `duration`
    // (minutes) as on its interview object; otherwise the trigger time stands in for it.
    const startsAt = dateOf(this.data.date) ?? this.occurredAt;
    const interview: { id: string; starts_at: string; ends_at?: string } = {
      id: interviewId,
      starts_at: startsAt.toISOString(),
    };
    const duration = this.data.duration;
    if (
      dateOf(this.data.date) &&
      typeof duration === 'number' &&
      Number.isFinite(duration) &&
      duration > 0 &&
      duration < 24 * 60
    ) {
      const endsAt = new Date(startsAt.getTime() + duration * 60_000);
      if (isValidDate(endsAt)) interview.ends_at = endsAt.toISOString();
    }
    return this.withApplicationId((id) => [this.draft(type, { application_id: id, interview })]);
  }

  private interviewCancelled(): EventDraft[] {
    const interviewId = this.issues.id(this.data.interviewId, 'data.interviewId');
    if (!interviewId) return [];
    return this.withApplicationId((id) => [
      this.draft('interview.cancelled', { application_id: id, interview: { id: interviewId } }),
    ]);
  }

  private withApplicationId(build: (applicationId: string) => EventDraft[]): EventDraft[] {
    const applicationId = this.applicationId();
    return applicationId ? build(applicationId) : [];
  }

  // Everything Lever does not send is a recognisable placeholder; the pipeline keeps what it knows.
  private withApplication(build: (application: Application) => EventDraft[]): EventDraft[] {
    const applicationId = this.applicationId();
    const candidateId = this.candidateId();
    const postingId = this.issues.optionalId(this.data.postingId ?? this.data.posting, 'data.postingId');
    if (!applicationId || !candidateId) return [];
    const ownerId = idOf(this.data.postingOwner) ?? idOf(this.data.ownerId);
    const hiringManagerId = idOf(this.data.postingHiringManager) ?? idOf(this.data.hiringManager);
    const application: Application = {
      id: applicationId,
      candidate: { id: candidateId, name: textOf(this.data.name) ?? `lever:${candidateId}` },
      job: {
        id: postingId ?? 'lever:unknown-posting',
        title: postingId ? `lever:${postingId}` : 'lever:unknown-posting',
        recruiter: ownerId
          ? vendorPerson('lever', ownerId, {}, this.ctx.directory)
          : unassignedPerson('lever'),
        hiring_manager: hiringManagerId
          ? vendorPerson('lever', hiringManagerId, {}, this.ctx.directory)
          : unassignedPerson('lever'),
      },
      stage: { name: 'lever:new', kind: 'applied' },
      url: `https://hire.lever.co/candidates/${encodeURIComponent(applicationId)}`,
    };
    return build(application);
  }

  private applicationId(): string | undefined {
    const id = idOf(this.data.opportunityId) ?? idOf(this.data.candidateId);
    if (!id) this.issues.add('data.opportunityId', 'is required');
    return id;
  }

  private candidateId(): string | undefined {
    const id = idOf(this.data.contactId) ?? idOf(this.data.candidateId);
    if (!id) this.issues.add('data.contactId', 'is required');
    return id;
  }

  private stage(stageId: string, givenName: unknown): Stage {
    const known = textOf(safeLookup(() => this.ctx.stageName?.(stageId)));
    return { name: textOf(givenName) ?? known ?? `lever:${stageId}` };
  }

  private draft(type: EventDraft['type'], data: unknown): EventDraft {
    return { type, data, occurredAt: this.occurredAt };
  }
}

// The caller's lookups must not make the adapter throw.
function safeLookup<T>(lookup: () => T | undefined): T | undefined {
  try {
    return lookup();
  } catch {
    return undefined;
  }
}
