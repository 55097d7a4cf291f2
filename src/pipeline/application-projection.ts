import type {
  Application,
  Candidate,
  CanonicalEvent,
  Job,
  Stage,
  StageKind,
} from '../canonical/canonical-event.schema';
import type { ApplicationStatus } from '../policy/types';

// The pure fold of an application's events, in (occurred_at, received order): out-of-order and early
// arrivals land where they belong, and re-running the fold on the same events gives the same state.
// Used by the ingestion path and by the backtest alike.

/** keepwarm's own update went out: outbound contact that restarts the silence clock, but no human answer. */
export interface UpdateSentEvent {
  id: string;
  type: 'keepwarm.update_sent';
  occurred_at: string;
  data: { application_id: string; notification_id: string };
}

export type PipelineEvent = CanonicalEvent | UpdateSentEvent;

export type StageKindResolver = (stage: Stage) => StageKind;

export interface ProjectedInterview {
  id: string;
  stageName: string;
  status: 'scheduled' | 'cancelled' | 'completed';
  startsAt: Date | null;
  endsAt: Date | null;
  rescheduleCount: number;
}

export interface ProjectedFeedbackPeriod {
  startedAt: Date;
  endedAt: Date | null;
  endedBy: 'feedback' | 'stage_change' | 'closed' | null;
}

export interface ApplicationProjection {
  id: string;
  candidate: Candidate;
  job: Job;
  /** occurred_at of the newest application snapshot: the job and candidate inside it are as of then. */
  snapshotAt: Date;
  status: ApplicationStatus;
  stageName: string;
  stageKind: StageKind;
  stageEnteredAt: Date;
  url: string | null;
  appliedAt: Date;
  closedAt: Date | null;
  lastOutboundContactAt: Date | null;
  lastHumanOutboundContactAt: Date | null;
  lastInboundContactAt: Date | null;
  oldestUnansweredInboundAt: Date | null;
  awaitingFeedbackSince: Date | null;
  updatePromisedAt: Date | null;
  updatePromisedBy: Date | null;
  competingOfferDeadline: Date | null;
  schedulingClockSince: Date | null;
  scheduledInterviewsInStage: number;
  reschedulesInStage: number;
  interviews: ProjectedInterview[];
  feedbackPeriods: ProjectedFeedbackPeriod[];
  lastEventAt: Date;
}

const closingStatus: Partial<Record<StageKind, ApplicationStatus>> = {
  hired: 'hired',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

type Draft = Omit<
  ApplicationProjection,
  | 'candidate'
  | 'job'
  | 'snapshotAt'
  | 'stageName'
  | 'stageKind'
  | 'stageEnteredAt'
  | 'appliedAt'
  | 'interviews'
> & {
  candidate: Candidate | null;
  job: Job | null;
  snapshotAt: Date | null;
  stageName: string | null;
  stageKind: StageKind | null;
  stageEnteredAt: Date | null;
  appliedAt: Date | null;
  interviews: Map<string, ProjectedInterview>;
};

/**
 * Folds the events of one application (already sorted by occurred_at, then received order).
 * Returns null while no event has carried the application itself (created or stage_changed): events
 * that arrive first are kept in the log and applied when it does.
 */
export function projectApplication(
  applicationId: string,
  events: readonly PipelineEvent[],
  resolveKind: StageKindResolver,
  /** Told after each event the last outbound contact of the fold so far, if the application is known by then. */
  afterEach?: (lastOutboundContactAt: Date | null) => void,
): ApplicationProjection | null {
  const fold = new ApplicationFold(applicationId, resolveKind);
  for (const event of events) {
    fold.add(event);
    if (afterEach && fold.known) afterEach(fold.lastOutboundContactAt);
  }
  return fold.projection();
}

/**
 * The fold in progress: events added one at a time, in fold order, and the projection so far. A
 * fold continued with the next events of a log equals the fold of the whole log (the backtest keeps
 * one per application instead of refolding its log on every event).
 */
export class ApplicationFold {
  private readonly state: Draft;

  constructor(
    applicationId: string,
    private readonly resolveKind: StageKindResolver,
  ) {
    this.state = {
      id: applicationId,
      candidate: null,
      job: null,
      snapshotAt: null,
      status: 'active',
      stageName: null,
      stageKind: null,
      stageEnteredAt: null,
      url: null,
      appliedAt: null,
      closedAt: null,
      lastOutboundContactAt: null,
      lastHumanOutboundContactAt: null,
      lastInboundContactAt: null,
      oldestUnansweredInboundAt: null,
      awaitingFeedbackSince: null,
      updatePromisedAt: null,
      updatePromisedBy: null,
      competingOfferDeadline: null,
      schedulingClockSince: null,
      scheduledInterviewsInStage: 0,
      reschedulesInStage: 0,
      interviews: new Map(),
      feedbackPeriods: [],
      lastEventAt: new Date(0),
    };
  }

  add(event: PipelineEvent): void {
    const at = new Date(event.occurred_at);
    if (at > this.state.lastEventAt) this.state.lastEventAt = at;
    apply(this.state, event, at, this.resolveKind);
  }

  /** The application itself has been seen: there is a projection. */
  get known(): boolean {
    return isComplete(this.state);
  }

  get lastOutboundContactAt(): Date | null {
    return this.state.lastOutboundContactAt;
  }

  /** The projection so far, or null; a copy, which events added later leave as it is. */
  projection(): ApplicationProjection | null {
    const state = this.state;
    if (
      !state.candidate ||
      !state.job ||
      !state.stageName ||
      !state.stageKind ||
      !state.stageEnteredAt ||
      !state.appliedAt ||
      !state.snapshotAt
    ) {
      return null;
    }
    return {
      ...state,
      candidate: state.candidate,
      job: state.job,
      snapshotAt: state.snapshotAt,
      stageName: state.stageName,
      stageKind: state.stageKind,
      stageEnteredAt: state.stageEnteredAt,
      appliedAt: state.appliedAt,
      interviews: [...state.interviews.values()].map((interview) => ({ ...interview })),
      feedbackPeriods: state.feedbackPeriods.map((period) => ({ ...period })),
    };
  }
}

/** The waits as stored, one per start time (the feedback_periods key): the first that started then. */
export function distinctFeedbackPeriods(projection: ApplicationProjection): ProjectedFeedbackPeriod[] {
  const seen = new Set<number>();
  return projection.feedbackPeriods.filter(
    (period) => !seen.has(period.startedAt.getTime()) && seen.add(period.startedAt.getTime()),
  );
}

/** The application itself has been seen (created or stage_changed): the fold has a projection (as below). */
function isComplete(state: Draft): boolean {
  return !!(
    state.candidate &&
    state.job &&
    state.stageName &&
    state.stageKind &&
    state.stageEnteredAt &&
    state.appliedAt &&
    state.snapshotAt
  );
}

function apply(state: Draft, event: PipelineEvent, at: Date, resolveKind: StageKindResolver): void {
  switch (event.type) {
    case 'application.created':
      takeSnapshot(state, event.data.application, at, resolveKind);
      state.appliedAt ??= at;
      return;
    case 'application.stage_changed':
      takeSnapshot(state, event.data.application, at, resolveKind);
      state.appliedAt ??= at;
      return;
    case 'interview.scheduled':
    case 'interview.rescheduled': {
      const interview = interviewFor(state, event.data.interview.id);
      interview.status = 'scheduled';
      interview.startsAt = new Date(event.data.interview.starts_at);
      interview.endsAt = event.data.interview.ends_at ? new Date(event.data.interview.ends_at) : null;
      if (event.type === 'interview.rescheduled') {
        interview.rescheduleCount += 1;
        if (interview.stageName === state.stageName) state.reschedulesInStage += 1;
      }
      recountScheduling(state);
      // The candidate is told: outbound contact.
      humanOutbound(state, at);
      return;
    }
    case 'interview.cancelled': {
      const interview = interviewFor(state, event.data.interview.id);
      interview.status = 'cancelled';
      recountScheduling(state);
      // With nothing else on the calendar in this stage, the scheduling clock starts again.
      if (state.scheduledInterviewsInStage === 0 && state.stageKind === 'interview')
        state.schedulingClockSince = at;
      return;
    }
    case 'interview.completed': {
      const interview = interviewFor(state, event.data.interview.id);
      interview.status = 'completed';
      const endedAt = event.data.interview.ended_at ? new Date(event.data.interview.ended_at) : at;
      interview.endsAt = endedAt;
      recountScheduling(state);
      startAwaitingFeedback(state, endedAt);
      return;
    }
    case 'feedback.submitted':
      if (event.data.from_hiring_manager) endAwaitingFeedback(state, at, 'feedback');
      return;
    case 'candidate.contacted':
      if (event.data.direction === 'outbound') humanOutbound(state, at);
      else {
        state.lastInboundContactAt = later(state.lastInboundContactAt, at);
        state.oldestUnansweredInboundAt ??= at;
      }
      return;
    case 'keepwarm.update_sent':
      state.lastOutboundContactAt = later(state.lastOutboundContactAt, at);
      return;
    case 'application.update_promised':
      state.updatePromisedAt = at;
      state.updatePromisedBy = new Date(event.data.by);
      return;
    case 'candidate.competing_offer':
      state.competingOfferDeadline = new Date(event.data.deadline);
      return;
    case 'application.rejected':
      close(state, 'rejected', at);
      return;
    case 'application.hired':
      close(state, 'hired', at);
      return;
    case 'application.withdrawn':
      close(state, 'withdrawn', at);
      return;
    case 'job.updated':
    case 'candidate.updated':
    case 'candidate.deleted':
      // Not per application: the job and candidate rows carry these.
      return;
  }
}

function takeSnapshot(
  state: Draft,
  application: Application,
  at: Date,
  resolveKind: StageKindResolver,
): void {
  state.candidate = application.candidate;
  state.job = application.job;
  state.snapshotAt = at;
  if (application.url) state.url = application.url;
  const kind = resolveKind(application.stage);
  const stageChanged = state.stageName !== application.stage.name || state.stageKind !== kind;
  if (!stageChanged) return;

  const enteringFirstStage = state.stageName === null;
  state.stageName = application.stage.name;
  state.stageKind = kind;
  state.stageEnteredAt = at;
  state.reschedulesInStage = 0;
  recountScheduling(state);
  // Any stage change ends the wait for feedback; entering a review stage starts a new one.
  if (!enteringFirstStage) endAwaitingFeedback(state, at, 'stage_change');
  if (kind === 'hiring_manager_review') startAwaitingFeedback(state, at);
  state.schedulingClockSince = kind === 'interview' && state.scheduledInterviewsInStage === 0 ? at : null;

  const closing = closingStatus[kind];
  if (closing) close(state, closing, at);
  else if (state.status !== 'active') {
    // Moved back into an open stage (unrejected, unhired): tracked again.
    state.status = 'active';
    state.closedAt = null;
  }
}

function interviewFor(state: Draft, id: string): ProjectedInterview {
  let interview = state.interviews.get(id);
  if (!interview) {
    interview = {
      id,
      stageName: state.stageName ?? '',
      status: 'scheduled',
      startsAt: null,
      endsAt: null,
      rescheduleCount: 0,
    };
    state.interviews.set(id, interview);
  }
  return interview;
}

function recountScheduling(state: Draft): void {
  let count = 0;
  for (const interview of state.interviews.values()) {
    if (interview.stageName === state.stageName && interview.status !== 'cancelled') count += 1;
  }
  state.scheduledInterviewsInStage = count;
  if (count > 0) state.schedulingClockSince = null;
}

function humanOutbound(state: Draft, at: Date): void {
  state.lastOutboundContactAt = later(state.lastOutboundContactAt, at);
  state.lastHumanOutboundContactAt = later(state.lastHumanOutboundContactAt, at);
  // A human reaching out answers every inbound message that came before.
  if (state.oldestUnansweredInboundAt && state.oldestUnansweredInboundAt <= at)
    state.oldestUnansweredInboundAt = null;
}

function startAwaitingFeedback(state: Draft, since: Date): void {
  if (state.awaitingFeedbackSince) return;
  state.awaitingFeedbackSince = since;
  state.feedbackPeriods.push({ startedAt: since, endedAt: null, endedBy: null });
}

function endAwaitingFeedback(state: Draft, at: Date, endedBy: ProjectedFeedbackPeriod['endedBy']): void {
  if (!state.awaitingFeedbackSince) return;
  state.awaitingFeedbackSince = null;
  const open = state.feedbackPeriods[state.feedbackPeriods.length - 1];
  if (open && open.endedAt === null) {
    open.endedAt = at;
    open.endedBy = endedBy;
  }
}

function close(state: Draft, status: ApplicationStatus, at: Date): void {
  if (state.status === status) return;
  state.status = status;
  state.closedAt = at;
  endAwaitingFeedback(state, at, 'closed');
}

function later(current: Date | null, candidate: Date): Date {
  return current && current > candidate ? current : candidate;
}
