import type { Application, Candidate, Job, Person, Stage } from '../../canonical/canonical-event.schema';
import {
  dateOf,
  emailOf,
  eventsResult,
  field,
  guarded,
  idOf,
  invalid,
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

// Ashby webhooks (developers.ashbyhq.com, "Webhook Payloads"): `{ action, webhookActionId, data }`.
// One user action can fire related webhooks with the same webhookActionId (candidateHire also fires
// applicationUpdate and candidateStageChange; interviewScheduleCreate fires interviewScheduleUpdate).
// The delivery id is `${webhookActionId}:${action}`, but canonical event ids are keyed by
// webhookActionId and what happened, so related deliveries produce the same event ids and dedupe.
// Ashby sends no event time: events take the entity's updatedAt, else ctx.receivedAt.

const ignoredActions: Record<string, string> = {
  offerCreate: 'offers are not tracked by keepwarm',
  offerUpdate: 'offers are not tracked by keepwarm',
  offerDelete: 'offers are not tracked by keepwarm',
  openingCreate: 'openings are not tracked by keepwarm',
  jobPostingPublish: 'job postings are not tracked by keepwarm',
  jobPostingUnpublish: 'job postings are not tracked by keepwarm',
  jobPostingUpdate: 'job postings are not tracked by keepwarm',
  interviewPlanTransition: 'interview plans are not tracked by keepwarm',
  pushToHRIS: 'HRIS pushes are not tracked by keepwarm',
  signatureRequestUpdate: 'e-signature requests are not tracked by keepwarm',
  surveySubmit: 'surveys are not tracked by keepwarm',
};

export function mapAshby(body: unknown, ctx: VendorContext): AdapterResult {
  return guarded(() => mapAshbyBody(body, ctx));
}

function mapAshbyBody(body: unknown, ctx: VendorContext): AdapterResult {
  const issues = new PayloadIssues();
  const envelope = issues.record(body, '(root)');
  if (!envelope) return invalid(issues.errors);
  const action = issues.text(field(envelope, 'action'), 'action');
  if (!action) return invalid(issues.errors);
  if (action === 'ping') return { kind: 'ping' };
  if (Object.prototype.hasOwnProperty.call(ignoredActions, action)) {
    return { kind: 'ignored', reason: `ashby ${action}: ${ignoredActions[action]}` };
  }

  const webhookActionId = issues.id(field(envelope, 'webhookActionId'), 'webhookActionId');
  const data = issues.record(field(envelope, 'data'), 'data');
  if (!isValidDate(ctx.receivedAt)) issues.add('receivedAt', 'must be a valid date');
  if (!issues.ok || !webhookActionId || !data) return invalid(issues.errors);

  const outcome = new AshbyMapper(issues, ctx, webhookActionId).map(action, data);
  if (!issues.ok) return invalid(issues.errors);
  if (typeof outcome === 'string') return { kind: 'ignored', reason: outcome };
  return eventsResult(`${webhookActionId}:${action}`, outcome);
}

class AshbyMapper {
  constructor(
    private readonly issues: PayloadIssues,
    private readonly ctx: VendorContext,
    private readonly webhookActionId: string,
  ) {}

  map(action: string, data: JsonRecord): EventDraft[] | string {
    switch (action) {
      case 'applicationSubmit':
        return this.withApplication(data, (application, occurredAt) => [
          this.draft('application.created', { application }, occurredAt, application.id),
        ]);
      case 'applicationUpdate':
      case 'candidateStageChange':
        return this.applicationChanged(data);
      case 'candidateHire':
        return this.withApplication(data, (application, occurredAt) => [
          this.draft('application.hired', { application_id: application.id }, occurredAt, application.id),
        ]);
      case 'candidateDelete':
        return this.candidateDeleted(field(data.candidate, 'id'), 'data.candidate.id');
      case 'candidateMerge':
        // The merged-away record is gone; mergedCandidate lives on under its own id.
        return this.candidateDeleted(field(data.deletedCandidate, 'id'), 'data.deletedCandidate.id');
      case 'interviewScheduleCreate':
      case 'interviewScheduleUpdate':
        return this.interviewSchedule(data, action === 'interviewScheduleCreate');
      case 'jobCreate':
      case 'jobUpdate':
        return this.jobUpdated(data);
      default:
        return `ashby ${action}: not an event keepwarm uses`;
    }
  }

  // The application's status says what happened: Hired and Archived close it, anything else is a
  // (possibly unchanged) stage. Archive reasons of type RejectedByCandidate are withdrawals.
  private applicationChanged(data: JsonRecord): EventDraft[] {
    return this.withApplication(data, (application, occurredAt, raw) => {
      const status = raw.status;
      if (status === 'Hired')
        return [
          this.draft('application.hired', { application_id: application.id }, occurredAt, application.id),
        ];
      if (status === 'Archived') {
        const type = archivedAsWithdrawal(raw) ? 'application.withdrawn' : 'application.rejected';
        return [this.draft(type, { application_id: application.id }, occurredAt, application.id)];
      }
      return [this.draft('application.stage_changed', { application }, occurredAt, application.id)];
    });
  }

  private candidateDeleted(value: unknown, path: string): EventDraft[] {
    const candidateId = this.issues.id(value, path);
    if (!candidateId) return [];
    return [this.draft('candidate.deleted', { candidate_id: candidateId }, this.ctx.receivedAt, candidateId)];
  }

  // keepwarm tracks a schedule (one round, possibly several events) as one interview: it starts with
  // the earliest event and ends with the latest.
  private interviewSchedule(data: JsonRecord, created: boolean): EventDraft[] | string {
    const schedule = this.issues.record(data.interviewSchedule, 'data.interviewSchedule');
    if (!schedule) return [];
    const scheduleId = this.issues.id(schedule.id, 'data.interviewSchedule.id');
    const applicationId = this.issues.id(schedule.applicationId, 'data.interviewSchedule.applicationId');
    const status = this.issues.text(schedule.status, 'data.interviewSchedule.status');
    if (!scheduleId || !applicationId || !status) return [];
    const occurredAt = dateOf(schedule.updatedAt) ?? this.ctx.receivedAt;
    const events = list(schedule.interviewEvents);
    const starts = events.map((event) => dateOf(field(event, 'startTime'))).filter(isValidDate);
    const ends = events.map((event) => dateOf(field(event, 'endTime'))).filter(isValidDate);
    const earliestStart = starts.length
      ? new Date(Math.min(...starts.map((date) => date.getTime())))
      : undefined;
    const latestEnd = ends.length ? new Date(Math.max(...ends.map((date) => date.getTime()))) : undefined;

    switch (status) {
      case 'Scheduled': {
        if (!earliestStart) return 'ashby interview schedule marked Scheduled without interview times';
        const interview: { id: string; starts_at: string; ends_at?: string } = {
          id: scheduleId,
          starts_at: earliestStart.toISOString(),
        };
        if (latestEnd && latestEnd >= earliestStart) interview.ends_at = latestEnd.toISOString();
        // Create also fires Update with the same webhookActionId: one key, so the pair is one event.
        // A later Update (another webhookActionId) is counted as a reschedule.
        return [
          {
            type: created ? 'interview.scheduled' : 'interview.rescheduled',
            data: { application_id: applicationId, interview },
            occurredAt,
            key: `${this.webhookActionId}:interview:${scheduleId}`,
          },
        ];
      }
      case 'Cancelled':
        return [
          this.draft(
            'interview.cancelled',
            { application_id: applicationId, interview: { id: scheduleId } },
            occurredAt,
            scheduleId,
          ),
        ];
      case 'WaitingOnFeedback': {
        const interview: { id: string; ended_at?: string } = { id: scheduleId };
        if (latestEnd) interview.ended_at = latestEnd.toISOString();
        return [
          this.draft(
            'interview.completed',
            { application_id: applicationId, interview },
            occurredAt,
            scheduleId,
          ),
        ];
      }
      case 'Complete':
        // As with Greenhouse: all feedback is in, which ends awaiting feedback. The schedule does not
        // say who submitted it, so the submitter is the unassigned placeholder.
        return [
          this.draft(
            'feedback.submitted',
            {
              application_id: applicationId,
              interview_id: scheduleId,
              submitted_by: unassignedPerson('ashby'),
              from_hiring_manager: true,
            },
            occurredAt,
            scheduleId,
          ),
        ];
      default:
        return `ashby interview schedule status ${status.slice(0, 50)}: nothing keepwarm tracks`;
    }
  }

  private jobUpdated(data: JsonRecord): EventDraft[] | string {
    const job = this.issues.record(data.job, 'data.job');
    if (!job) return [];
    const jobId = this.issues.id(job.id, 'data.job.id');
    const title = this.issues.text(job.title, 'data.job.title');
    if (!jobId || !title) return [];
    const recruiter = this.teamMember(job.hiringTeam, 'Recruiter');
    const hiringManager = this.teamMember(job.hiringTeam, 'Hiring Manager');
    // A job event without its hiring team would overwrite known people with placeholders.
    if (!recruiter || !hiringManager)
      return 'ashby job event without a Recruiter and a Hiring Manager in hiringTeam';
    const snapshot: Job = {
      id: jobId,
      title: textOf(title, 500) ?? title,
      recruiter,
      hiring_manager: hiringManager,
    };
    const status = jobStatus(job.status);
    if (status) snapshot.status = status;
    return [
      this.draft('job.updated', { job: snapshot }, dateOf(job.updatedAt) ?? this.ctx.receivedAt, jobId),
    ];
  }

  private withApplication(
    data: JsonRecord,
    build: (application: Application, occurredAt: Date, raw: JsonRecord) => EventDraft[],
  ): EventDraft[] {
    const raw = this.issues.record(data.application, 'data.application');
    if (!raw) return [];
    const application = this.application(raw);
    if (!application) return [];
    return build(application, dateOf(raw.updatedAt) ?? this.ctx.receivedAt, raw);
  }

  private application(raw: JsonRecord): Application | undefined {
    const path = 'data.application';
    const id = this.issues.id(raw.id, `${path}.id`);
    const candidate = this.candidate(raw);
    const jobRecord = this.issues.record(raw.job, `${path}.job`);
    const jobId = this.issues.id(field(jobRecord, 'id'), `${path}.job.id`);
    const jobTitle = this.issues.text(field(jobRecord, 'title'), `${path}.job.title`);
    const stage = this.stage(raw);
    if (!id || !candidate || !jobId || !jobTitle || !stage) return undefined;
    return {
      id,
      candidate,
      job: {
        id: jobId,
        title: textOf(jobTitle, 500) ?? jobTitle,
        recruiter: this.teamMember(raw.hiringTeam, 'Recruiter') ?? unassignedPerson('ashby'),
        hiring_manager: this.teamMember(raw.hiringTeam, 'Hiring Manager') ?? unassignedPerson('ashby'),
      },
      stage,
    };
  }

  private candidate(raw: JsonRecord): Candidate | undefined {
    const path = 'data.application.candidate';
    const candidate = this.issues.record(raw.candidate, path);
    const id = this.issues.id(field(candidate, 'id'), `${path}.id`);
    if (!id) return undefined;
    const snapshot: Candidate = { id, name: textOf(field(candidate, 'name')) ?? `ashby:${id}` };
    const email = emailOf(field(field(candidate, 'primaryEmailAddress'), 'value'));
    if (email) snapshot.email = email;
    const sourceKind = sourceKindOf(raw.source);
    if (sourceKind) snapshot.source = { kind: sourceKind };
    return snapshot;
  }

  private stage(raw: JsonRecord): Stage | undefined {
    const stage = this.issues.record(raw.currentInterviewStage, 'data.application.currentInterviewStage');
    if (!stage) return undefined;
    const name = this.issues.text(stage.title, 'data.application.currentInterviewStage.title');
    if (!name) return undefined;
    const kind = stageKind(field(stage, 'type'), raw);
    return kind ? { name, kind } : { name };
  }

  // hiringTeam entries: { userId, email, firstName, lastName, role }.
  private teamMember(hiringTeam: unknown, role: string): Person | undefined {
    const member = list(hiringTeam).find(
      (entry) => field(entry, 'role') === role && idOf(field(entry, 'userId')),
    );
    const userId = idOf(field(member, 'userId'));
    if (!userId) return undefined;
    const name = [textOf(field(member, 'firstName')), textOf(field(member, 'lastName'))]
      .filter(Boolean)
      .join(' ');
    return vendorPerson(
      'ashby',
      userId,
      { name: textOf(name), email: emailOf(field(member, 'email')) },
      this.ctx.directory,
    );
  }

  private draft(type: EventDraft['type'], data: unknown, occurredAt: Date, subjectId: string): EventDraft {
    return { type, data, occurredAt, key: `${this.webhookActionId}:${type}:${subjectId}` };
  }
}

function archivedAsWithdrawal(application: JsonRecord): boolean {
  return field(application.archiveReason, 'reasonType') === 'RejectedByCandidate';
}

// Ashby stage types: Lead, PreInterviewScreen, Active, Offer, Hired, Archived. Active stages are left
// to keepwarm's name patterns.
function stageKind(type: unknown, application: JsonRecord): Stage['kind'] | undefined {
  switch (type) {
    case 'Lead':
    case 'PreInterviewScreen':
      return 'applied';
    case 'Offer':
      return 'offer';
    case 'Hired':
      return 'hired';
    case 'Archived':
      return archivedAsWithdrawal(application) ? 'withdrawn' : 'rejected';
    default:
      return undefined;
  }
}

function jobStatus(status: unknown): Job['status'] | undefined {
  if (status === 'Open') return 'open';
  if (status === 'Closed' || status === 'Archived') return 'closed';
  return undefined; // Draft: not recruiting yet
}

function sourceKindOf(source: unknown): NonNullable<Candidate['source']>['kind'] | undefined {
  const text = [textOf(field(source, 'title')), textOf(field(field(source, 'sourceType'), 'title'))]
    .filter(Boolean)
    .join(' ');
  if (!text) return undefined;
  if (/agenc|headhunt/i.test(text)) return 'agency';
  if (/referr/i.test(text)) return 'referral';
  if (/sourc|outbound|prospect/i.test(text)) return 'sourced';
  return 'direct';
}
