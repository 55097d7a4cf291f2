import type { CanonicalEvent, Stage, StageKind } from '../canonical/canonical-event.schema';
import { PipelineEvent, projectApplication } from './application-projection';

const resolveKind = (stage: Stage): StageKind => stage.kind ?? 'interview';

const person = (id: string) => ({ id, name: id, email: `${id}@example.com` });
const application = (stage: Stage) => ({
  id: 'a1',
  candidate: { ...person('c1') },
  job: {
    id: 'j1',
    title: 'Engineer',
    status: 'open' as const,
    recruiter: person('r1'),
    hiring_manager: person('m1'),
  },
  stage,
});

let sequence = 0;
function event<T extends CanonicalEvent['type']>(
  type: T,
  at: string,
  data: Extract<CanonicalEvent, { type: T }>['data'],
): PipelineEvent {
  sequence += 1;
  return { id: `e${sequence}`, type, occurred_at: at, data } as PipelineEvent;
}

const created = (at = '2026-11-02T10:00:00Z', stage: Stage = { name: 'Applied', kind: 'applied' }) =>
  event('application.created', at, { application: application(stage) });
const moved = (at: string, stage: Stage) =>
  event('application.stage_changed', at, { application: application(stage) });
const date = (iso: string) => new Date(iso);

describe('projectApplication', () => {
  it('is null until an event carries the application itself', () => {
    const contact = event('candidate.contacted', '2026-11-02T09:00:00Z', {
      application_id: 'a1',
      direction: 'inbound',
      channel: 'email',
    });
    expect(projectApplication('a1', [contact], resolveKind)).toBeNull();
  });

  it('applies events that arrived before the application once it is known', () => {
    const contact = event('candidate.contacted', '2026-11-01T09:00:00Z', {
      application_id: 'a1',
      direction: 'inbound',
      channel: 'email',
    });
    const state = projectApplication('a1', [contact, created()], resolveKind)!;
    expect(state.oldestUnansweredInboundAt).toEqual(date('2026-11-01T09:00:00Z'));
    expect(state.appliedAt).toEqual(date('2026-11-02T10:00:00Z'));
  });

  it('starts awaiting feedback on entering a review stage and ends it on any stage change, keeping the period', () => {
    const state = projectApplication(
      'a1',
      [
        created(),
        moved('2026-11-03T10:00:00Z', { name: 'HM Review', kind: 'hiring_manager_review' }),
        moved('2026-11-05T10:00:00Z', { name: 'Onsite', kind: 'interview' }),
      ],
      resolveKind,
    )!;
    expect(state.awaitingFeedbackSince).toBeNull();
    expect(state.feedbackPeriods).toEqual([
      {
        startedAt: date('2026-11-03T10:00:00Z'),
        endedAt: date('2026-11-05T10:00:00Z'),
        endedBy: 'stage_change',
      },
    ]);
    expect(state.schedulingClockSince).toEqual(date('2026-11-05T10:00:00Z'));
  });

  it('an interview completed starts the wait at its end; only the hiring manager ends it', () => {
    const events = [
      created('2026-11-02T10:00:00Z', { name: 'Onsite', kind: 'interview' }),
      event('interview.scheduled', '2026-11-03T10:00:00Z', {
        application_id: 'a1',
        interview: { id: 'i1', starts_at: '2026-11-06T15:00:00Z' },
      }),
      event('interview.completed', '2026-11-06T17:30:00Z', {
        application_id: 'a1',
        interview: { id: 'i1', ended_at: '2026-11-06T16:00:00Z' },
      }),
      event('feedback.submitted', '2026-11-07T09:00:00Z', {
        application_id: 'a1',
        submitted_by: person('x'),
        from_hiring_manager: false,
      }),
    ];
    const waiting = projectApplication('a1', events, resolveKind)!;
    expect(waiting.awaitingFeedbackSince).toEqual(date('2026-11-06T16:00:00Z'));
    expect(waiting.schedulingClockSince).toBeNull();

    const answered = projectApplication(
      'a1',
      [
        ...events,
        event('feedback.submitted', '2026-11-09T09:00:00Z', {
          application_id: 'a1',
          submitted_by: person('m1'),
          from_hiring_manager: true,
        }),
      ],
      resolveKind,
    )!;
    expect(answered.awaitingFeedbackSince).toBeNull();
    expect(answered.feedbackPeriods[0]).toMatchObject({
      endedAt: date('2026-11-09T09:00:00Z'),
      endedBy: 'feedback',
    });
  });

  it('counts reschedules in the stage and restarts the scheduling clock when the last interview is cancelled', () => {
    const interview = { id: 'i1', starts_at: '2026-11-06T15:00:00Z' };
    const state = projectApplication(
      'a1',
      [
        created('2026-11-02T10:00:00Z', { name: 'Onsite', kind: 'interview' }),
        event('interview.scheduled', '2026-11-03T10:00:00Z', { application_id: 'a1', interview }),
        event('interview.rescheduled', '2026-11-04T10:00:00Z', { application_id: 'a1', interview }),
        event('interview.rescheduled', '2026-11-05T10:00:00Z', { application_id: 'a1', interview }),
        event('interview.cancelled', '2026-11-05T12:00:00Z', {
          application_id: 'a1',
          interview: { id: 'i1' },
        }),
      ],
      resolveKind,
    )!;
    expect(state.reschedulesInStage).toBe(2);
    expect(state.scheduledInterviewsInStage).toBe(0);
    expect(state.schedulingClockSince).toEqual(date('2026-11-05T12:00:00Z'));
    expect(state.lastHumanOutboundContactAt).toEqual(date('2026-11-05T10:00:00Z'));
  });

  it("keepwarm's own update restarts silence but answers no inbound message", () => {
    const state = projectApplication(
      'a1',
      [
        created(),
        event('candidate.contacted', '2026-11-03T10:00:00Z', {
          application_id: 'a1',
          direction: 'inbound',
          channel: 'email',
        }),
        {
          id: 'u1',
          type: 'keepwarm.update_sent',
          occurred_at: '2026-11-04T10:00:00Z',
          data: { application_id: 'a1', notification_id: 'n1' },
        },
      ],
      resolveKind,
    )!;
    expect(state.lastOutboundContactAt).toEqual(date('2026-11-04T10:00:00Z'));
    expect(state.lastHumanOutboundContactAt).toBeNull();
    expect(state.oldestUnansweredInboundAt).toEqual(date('2026-11-03T10:00:00Z'));
  });

  it('a human outbound contact answers every inbound message before it', () => {
    const state = projectApplication(
      'a1',
      [
        created(),
        event('candidate.contacted', '2026-11-03T10:00:00Z', {
          application_id: 'a1',
          direction: 'inbound',
          channel: 'email',
        }),
        event('candidate.contacted', '2026-11-03T11:00:00Z', {
          application_id: 'a1',
          direction: 'inbound',
          channel: 'phone',
        }),
        event('candidate.contacted', '2026-11-04T10:00:00Z', {
          application_id: 'a1',
          direction: 'outbound',
          channel: 'email',
        }),
      ],
      resolveKind,
    )!;
    expect(state.oldestUnansweredInboundAt).toBeNull();
    expect(state.lastInboundContactAt).toEqual(date('2026-11-03T11:00:00Z'));
  });

  it('closes on rejection and on entering a closing stage, and reopens when moved back', () => {
    const rejected = projectApplication(
      'a1',
      [created(), event('application.rejected', '2026-11-04T10:00:00Z', { application_id: 'a1' })],
      resolveKind,
    )!;
    expect(rejected).toMatchObject({ status: 'rejected', closedAt: date('2026-11-04T10:00:00Z') });

    const hired = projectApplication(
      'a1',
      [created(), moved('2026-11-05T10:00:00Z', { name: 'Hired', kind: 'hired' })],
      resolveKind,
    )!;
    expect(hired.status).toBe('hired');

    const reopened = projectApplication(
      'a1',
      [
        created(),
        moved('2026-11-05T10:00:00Z', { name: 'Rejected', kind: 'rejected' }),
        moved('2026-11-06T10:00:00Z', { name: 'Onsite', kind: 'interview' }),
      ],
      resolveKind,
    )!;
    expect(reopened).toMatchObject({ status: 'active', closedAt: null, stageName: 'Onsite' });
  });

  it('keeps the latest promise and competing-offer deadline', () => {
    const state = projectApplication(
      'a1',
      [
        created(),
        event('application.update_promised', '2026-11-03T10:00:00Z', {
          application_id: 'a1',
          by: '2026-11-10T17:00:00Z',
        }),
        event('candidate.competing_offer', '2026-11-04T10:00:00Z', {
          application_id: 'a1',
          deadline: '2026-11-12T17:00:00Z',
        }),
      ],
      resolveKind,
    )!;
    expect(state).toMatchObject({
      updatePromisedAt: date('2026-11-03T10:00:00Z'),
      updatePromisedBy: date('2026-11-10T17:00:00Z'),
      competingOfferDeadline: date('2026-11-12T17:00:00Z'),
    });
  });

  it('a repeated snapshot of the same stage is not a stage change', () => {
    const state = projectApplication(
      'a1',
      [
        created('2026-11-02T10:00:00Z', { name: 'HM Review', kind: 'hiring_manager_review' }),
        moved('2026-11-04T10:00:00Z', { name: 'HM Review', kind: 'hiring_manager_review' }),
      ],
      resolveKind,
    )!;
    expect(state.stageEnteredAt).toEqual(date('2026-11-02T10:00:00Z'));
    expect(state.awaitingFeedbackSince).toEqual(date('2026-11-02T10:00:00Z'));
  });
});
