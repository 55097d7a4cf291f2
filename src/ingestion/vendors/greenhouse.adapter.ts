import type { Candidate, Job, Person, Stage } from '../../canonical/canonical-event.schema';
import {
  dateOf,
  emailOf,
  eventsResult,
  field,
  guarded,
  idOf,
  invalid,
  isRecord,
  isValidDate,
  list,
  PayloadIssues,
  textOf,
  unassignedPerson,
  vendorPerson,
  type AdapterResult,
  type EventDraft,
  type JsonRecord,
  type VendorContext,
} from './vendor-adapter';

// Greenhouse Recruiting webhooks (developers.greenhouse.io/webhooks.html): `{ action, payload }`.
// Greenhouse sends no event time, so every event takes ctx.receivedAt; a replay from stored files
// passes greenhouseReplayTime(body) instead. The delivery id is the Greenhouse-Event-ID header.

export interface GreenhouseContext extends VendorContext {
  deliveryId: string;
}

const ignoredActions: Record<string, string> = {
  new_prospect_application: 'prospects are not in a hiring process yet',
  delete_application: 'keepwarm has no application-deleted event; a deleted application stays as last seen',
  offer_created: 'offers are not tracked by keepwarm',
  offer_approved: 'offers are not tracked by keepwarm',
  offer_updated: 'offers are not tracked by keepwarm',
  offer_deleted: 'offers are not tracked by keepwarm',
  interview_deleted: 'the payload names no application, so the cancellation cannot be placed',
  scorecard_deleted: 'scorecards are not tracked by keepwarm',
  department_deleted: 'departments are not tracked by keepwarm',
  office_deleted: 'offices are not tracked by keepwarm',
  job_post_created: 'job posts are not tracked by keepwarm',
  job_post_updated: 'job posts are not tracked by keepwarm',
  job_post_deleted: 'job posts are not tracked by keepwarm',
  job_interview_stage_deleted: 'job stages are not tracked by keepwarm',
};

export function mapGreenhouse(body: unknown, ctx: GreenhouseContext): AdapterResult {
  return guarded(() => mapGreenhouseBody(body, ctx));
}

/** The event time to use when replaying a stored Greenhouse payload: its application's last_activity_at. */
export function greenhouseReplayTime(body: unknown): Date | undefined {
  const application = field(field(body, 'payload'), 'application');
  return dateOf(field(application, 'last_activity_at'));
}

function mapGreenhouseBody(body: unknown, ctx: GreenhouseContext): AdapterResult {
  const issues = new PayloadIssues();
  const envelope = issues.record(body, '(root)');
  if (!envelope) return invalid(issues.errors);
  const action = issues.text(field(envelope, 'action'), 'action');
  if (!action) return invalid(issues.errors);
  // The ping's payload is undocumented; its action is "ping".
  if (action === 'ping') return { kind: 'ping' };
  if (Object.prototype.hasOwnProperty.call(ignoredActions, action)) {
    return { kind: 'ignored', reason: `greenhouse ${action}: ${ignoredActions[action]}` };
  }

  const deliveryId = textOf(ctx.deliveryId, 2000);
  if (!deliveryId) issues.add('deliveryId', 'the Greenhouse-Event-ID of the delivery is required');
  if (!isValidDate(ctx.receivedAt)) issues.add('receivedAt', 'must be a valid date');
  const payload = issues.record(field(envelope, 'payload'), 'payload');
  if (!issues.ok || !payload || !deliveryId) return invalid(issues.errors);

  const mapper = new GreenhouseMapper(issues, ctx, ctx.receivedAt);
  const outcome = mapper.map(action, payload);
  if (!issues.ok) return invalid(issues.errors);
  if (typeof outcome === 'string') return { kind: 'ignored', reason: outcome };
  return eventsResult(deliveryId, outcome);
}

class GreenhouseMapper {
  constructor(
    private readonly issues: PayloadIssues,
    private readonly ctx: VendorContext,
    private readonly occurredAt: Date,
  ) {}

  /** Event drafts, or the reason the payload is ignored. */
  map(action: string, payload: JsonRecord): EventDraft[] | string {
    switch (action) {
      case 'new_candidate_application':
        return this.applicationCreated(payload);
      case 'candidate_stage_change':
        return this.stageChanged(payload, true);
      case 'unreject_candidate':
      case 'unhire_candidate':
        // Reopened: the application is active again in the stage the payload names.
        return this.stageChanged(payload, false);
      case 'application_updated':
        return this.applicationUpdated(payload);
      case 'reject_candidate':
        return this.closed(payload, 'rejected');
      case 'hire_candidate':
        return this.closed(payload, 'hired');
      case 'update_candidate':
        return this.candidateUpdated(payload);
      case 'delete_candidate':
      case 'merge_candidate': {
        // A merge removes the losing record `person.id`; the winner (new_candidate_id) lives on.
        const person = this.issues.record(payload.person, 'payload.person');
        return person ? this.candidateDeleted(this.issues.id(person.id, 'payload.person.id')) : [];
      }
      case 'candidate_anonymized':
        return this.candidateDeleted(this.issues.id(payload.candidate_id, 'payload.candidate_id'));
      case 'job_created':
      case 'job_updated':
      case 'job_approved':
      case 'job_deleted':
        return this.jobUpdated(payload);
      default:
        return `greenhouse ${action}: not an event keepwarm uses`;
    }
  }

  private applicationCreated(payload: JsonRecord): EventDraft[] | string {
    const application = this.issues.record(payload.application, 'payload.application');
    if (!application) return [];
    if (application.prospect === true)
      return 'greenhouse new_candidate_application: a prospect, not in a hiring process yet';
    const snapshot = this.application(application);
    if (!snapshot) return [];
    return [this.draft('application.created', { application: snapshot })];
  }

  private stageChanged(payload: JsonRecord, withInterviews: boolean): EventDraft[] {
    const application = this.issues.record(payload.application, 'payload.application');
    if (!application) return [];
    const snapshot = this.application(application);
    if (!snapshot) return [];
    const drafts = [this.draft('application.stage_changed', { application: snapshot })];
    if (withInterviews)
      drafts.push(...this.interviewStatuses(application, snapshot.id, snapshot.job.hiring_manager));
    return drafts;
  }

  private applicationUpdated(payload: JsonRecord): EventDraft[] | string {
    const application = this.issues.record(payload.application, 'payload.application');
    if (!application) return [];
    const applicationId = this.issues.id(application.id, 'payload.application.id');
    if (!applicationId) return [];
    const job = this.firstJob(application);
    const hiringManager = job ? this.hiringManager(job) : unassignedPerson('greenhouse');
    const drafts = this.interviewStatuses(application, applicationId, hiringManager);
    return drafts.length > 0
      ? drafts
      : 'greenhouse application_updated: no interview awaiting or done with feedback';
  }

  // Greenhouse sends no scorecard webhook (docs/rules.md): an interview `awaiting_feedback` starts awaiting
  // feedback; `complete` means the feedback is in, which ends it.
  private interviewStatuses(
    application: JsonRecord,
    applicationId: string,
    hiringManager: Person,
  ): EventDraft[] {
    const stage = field(application, 'current_stage');
    const drafts: EventDraft[] = [];
    list(field(stage, 'interviews')).forEach((interview, index) => {
      const status = field(interview, 'status');
      if (status !== 'awaiting_feedback' && status !== 'complete') return;
      const interviewId = this.issues.id(
        field(interview, 'id'),
        `payload.application.current_stage.interviews.${index}.id`,
      );
      if (!interviewId) return;
      if (status === 'awaiting_feedback') {
        drafts.push(
          this.draft('interview.completed', {
            application_id: applicationId,
            interview: { id: interviewId },
          }),
        );
      } else {
        drafts.push(
          this.draft('feedback.submitted', {
            application_id: applicationId,
            interview_id: interviewId,
            submitted_by: hiringManager,
            from_hiring_manager: true,
          }),
        );
      }
    });
    return drafts;
  }

  private closed(payload: JsonRecord, outcome: 'rejected' | 'hired'): EventDraft[] {
    const application = this.issues.record(payload.application, 'payload.application');
    const applicationId = this.issues.id(field(application, 'id'), 'payload.application.id');
    if (!applicationId) return [];
    if (outcome === 'hired') return [this.draft('application.hired', { application_id: applicationId })];
    // Greenhouse's rejection reason types include "They rejected us": the candidate withdrew.
    const reason = field(application, 'rejection_reason');
    const reasonText = `${textOf(field(field(reason, 'type'), 'name')) ?? ''} ${textOf(field(reason, 'name')) ?? ''}`;
    const withdrawn = /they rejected us|withdr/i.test(reasonText);
    return [
      this.draft(withdrawn ? 'application.withdrawn' : 'application.rejected', {
        application_id: applicationId,
      }),
    ];
  }

  private candidateUpdated(payload: JsonRecord): EventDraft[] {
    const candidate = this.issues.record(payload.candidate, 'payload.candidate');
    if (!candidate) return [];
    const snapshot = this.candidate(candidate, 'payload.candidate', undefined);
    return snapshot ? [this.draft('candidate.updated', { candidate: snapshot })] : [];
  }

  private candidateDeleted(candidateId: string | undefined): EventDraft[] {
    return candidateId ? [this.draft('candidate.deleted', { candidate_id: candidateId })] : [];
  }

  private jobUpdated(payload: JsonRecord): EventDraft[] | string {
    const job = this.issues.record(payload.job, 'payload.job');
    if (!job) return [];
    const jobId = this.issues.id(job.id, 'payload.job.id');
    if (!jobId) return [];
    const team = field(job, 'hiring_team');
    const recruiterId = idOf(field(list(field(team, 'recruiters'))[0], 'user_id'));
    const hiringManagerId = idOf(field(list(field(team, 'hiring_managers'))[0], 'user_id'));
    // A job event without its hiring team would overwrite known people with placeholders.
    if (!recruiterId || !hiringManagerId)
      return 'greenhouse job event without a recruiter and a hiring manager in hiring_team';
    const snapshot: Job = {
      id: jobId,
      title: textOf(job.name, 500) ?? `greenhouse:${jobId}`,
      recruiter: vendorPerson('greenhouse', recruiterId, {}, this.ctx.directory),
      hiring_manager: vendorPerson('greenhouse', hiringManagerId, {}, this.ctx.directory),
    };
    const status = jobStatus(job.status);
    if (status) snapshot.status = status;
    return [this.draft('job.updated', { job: snapshot })];
  }

  private application(application: JsonRecord) {
    const path = 'payload.application';
    const id = this.issues.id(application.id, `${path}.id`);
    const candidateRecord = this.issues.record(application.candidate, `${path}.candidate`);
    const job = this.firstJob(application);
    if (!job) this.issues.add(`${path}.jobs`, 'must list the job applied to');
    const candidate = candidateRecord
      ? this.candidate(candidateRecord, `${path}.candidate`, application.source)
      : undefined;
    const stage = this.stage(application);
    if (!id || !candidate || !job || !stage) return undefined;
    const jobSnapshot = this.job(job, candidateRecord);
    if (!jobSnapshot) return undefined;
    return {
      id,
      candidate,
      job: jobSnapshot,
      stage,
      url: `https://app.greenhouse.io/people/${encodeURIComponent(candidate.id)}?application_id=${encodeURIComponent(id)}`,
    };
  }

  private candidate(candidate: JsonRecord, path: string, source: unknown): Candidate | undefined {
    const id = this.issues.id(candidate.id, `${path}.id`);
    if (!id) return undefined;
    const name = [textOf(candidate.first_name), textOf(candidate.last_name)].filter(Boolean).join(' ');
    const snapshot: Candidate = { id, name: textOf(name) ?? `greenhouse:${id}` };
    const email = candidateEmail(candidate.email_addresses);
    if (email) snapshot.email = email;
    // `can_email: false` is Greenhouse's opt-out.
    if (typeof candidate.can_email === 'boolean') snapshot.can_email = candidate.can_email;
    const sourceKind = sourceKindOf(source);
    if (sourceKind) snapshot.source = { kind: sourceKind };
    return snapshot;
  }

  private stage(application: JsonRecord): Stage | undefined {
    const stage = field(application, 'current_stage');
    const name = textOf(field(stage, 'name'));
    const status = field(application, 'status');
    const kind = status === 'hired' ? 'hired' : status === 'rejected' ? 'rejected' : undefined;
    if (!name) {
      // Hired or rejected applications may have left every stage; the status still says where they are.
      if (kind) return { name: kind, kind };
      return this.issues.add(
        'payload.application.current_stage.name',
        'is required for an active application',
      );
    }
    return kind ? { name, kind } : { name };
  }

  private firstJob(application: JsonRecord): JsonRecord | undefined {
    const first = list(application.jobs)[0];
    if (isRecord(first)) return first;
    // `application.job` is the deprecated single-job form some payloads still carry.
    return isRecord(application.job) ? application.job : undefined;
  }

  private job(job: JsonRecord, candidate: JsonRecord | undefined): Job | undefined {
    const id = this.issues.id(job.id, 'payload.application.jobs.0.id');
    if (!id) return undefined;
    const snapshot: Job = {
      id,
      title: textOf(job.name, 500) ?? `greenhouse:${id}`,
      recruiter: this.recruiter(job, candidate),
      hiring_manager: this.hiringManager(job),
    };
    const status = jobStatus(job.status);
    if (status) snapshot.status = status;
    return snapshot;
  }

  // The candidate's recruiter (with name and email), else the job's first recruiter (an id only).
  private recruiter(job: JsonRecord, candidate: JsonRecord | undefined): Person {
    const recruiter = field(candidate, 'recruiter');
    const userId = idOf(field(recruiter, 'id'));
    if (userId) {
      return vendorPerson(
        'greenhouse',
        userId,
        { name: textOf(field(recruiter, 'name')), email: emailOf(field(recruiter, 'email')) },
        this.ctx.directory,
      );
    }
    const jobRecruiterId = idOf(field(list(field(field(job, 'hiring_team'), 'recruiters'))[0], 'user_id'));
    return jobRecruiterId
      ? vendorPerson('greenhouse', jobRecruiterId, {}, this.ctx.directory)
      : unassignedPerson('greenhouse');
  }

  private hiringManager(job: JsonRecord): Person {
    const userId = idOf(field(list(field(field(job, 'hiring_team'), 'hiring_managers'))[0], 'user_id'));
    return userId
      ? vendorPerson('greenhouse', userId, {}, this.ctx.directory)
      : unassignedPerson('greenhouse');
  }

  private draft(type: EventDraft['type'], data: unknown): EventDraft {
    return { type, data, occurredAt: this.occurredAt };
  }
}

function jobStatus(status: unknown): Job['status'] | undefined {
  if (status === 'open') return 'open';
  if (status === 'closed') return 'closed';
  return undefined; // draft: not yet recruiting; leaves keepwarm's status as it was
}

// A personal address first: a candidate's work inbox is the wrong place for news about a job search.
function candidateEmail(addresses: unknown): string | undefined {
  const entries = list(addresses);
  const personal = entries.find(
    (entry) => field(entry, 'type') === 'personal' && emailOf(field(entry, 'value')),
  );
  if (personal) return emailOf(field(personal, 'value'));
  for (const entry of entries) {
    const email = emailOf(field(entry, 'value'));
    if (email) return email;
  }
  return undefined;
}

function sourceKindOf(source: unknown): NonNullable<Candidate['source']>['kind'] | undefined {
  const name = textOf(field(source, 'name')) ?? textOf(field(source, 'public_name'));
  if (!name) return undefined;
  if (/agenc|recruit(ing|ment) firm|headhunt/i.test(name)) return 'agency';
  if (/referr/i.test(name)) return 'referral';
  if (/prospecting|sourc|outreach/i.test(name)) return 'sourced';
  return 'direct';
}
