import fc from 'fast-check';
import { mapAshby } from './ashby.adapter';
import { eventsOf, expectWellFormed, fixture, fixtureNames, mutatedFixture } from './vendor-test-support';

const ctx = { receivedAt: new Date('2026-11-20T15:04:05.000Z') };
const applicationId = '2d4c3f1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f';
const scheduleId = '46648e83-f28f-43c4-a2a0-58e0599cff41';
const actionId = (n: number) => `75395d87-4044-4dc4-bc29-0cec185e5f${String(n).padStart(2, '0')}`;

function map(name: string) {
  return mapAshby(fixture('ashby', name), ctx);
}

const recruiter = {
  id: 'ashby:e9ed20fd-d45f-4aad-8a00-a19bfba0083e',
  name: 'Rita Recruiter',
  email: 'rita.recruiter@example.com',
};
const hiringManager = {
  id: 'ashby:7b7f8f3c-2a4e-4e0b-9d3c-2f1e0a9b8c7d',
  name: 'Harry Manager',
  email: 'harry.manager@example.com',
};

describe('mapAshby', () => {
  it('maps every fixture without an invalid result', () => {
    for (const name of fixtureNames('ashby')) {
      const result = map(name);
      expectWellFormed(result);
      expect(result.kind).not.toBe('invalid');
    }
  });

  it('answers the ping', () => {
    expect(map('ping.sample')).toEqual({ kind: 'ping' });
  });

  it('maps applicationSubmit to application.created, with the hiring team roles and updatedAt as the time', () => {
    const result = map('applicationSubmit.sample');
    expect(result.kind === 'events' && result.deliveryId).toBe(`${actionId(1)}:applicationSubmit`);
    expect(eventsOf(result)).toEqual([
      {
        id: `${actionId(1)}:application.created:${applicationId}`,
        type: 'application.created',
        occurred_at: '2024-05-09T09:30:00.000Z',
        data: {
          application: {
            id: applicationId,
            candidate: {
              id: 'f9e8d7c6-b5a4-4321-8765-0fedcba98765',
              name: 'James',
              email: 'test@ashbyhq.com',
              source: { kind: 'direct' },
            },
            job: {
              id: '4071538b-3cac-4fbf-ac76-f78ed250ffdd',
              title: 'First Designer',
              recruiter,
              hiring_manager: hiringManager,
            },
            stage: { name: 'Application Review', kind: 'applied' },
          },
        },
      },
    ]);
  });

  it('maps a stage change and its related applicationUpdate to the same event id', () => {
    const [fromStageChange] = eventsOf(map('candidateStageChange.sample'));
    const [fromUpdate] = eventsOf(map('applicationUpdate.sample'));
    expect(fromStageChange.type).toBe('application.stage_changed');
    expect(
      fromStageChange.type === 'application.stage_changed' && fromStageChange.data.application.stage,
    ).toEqual({
      name: 'Technical Interview',
    });
    expect(fromUpdate).toEqual(fromStageChange);
  });

  it('maps archived applications by reason type and hires', () => {
    expect(eventsOf(map('applicationUpdate_archived.sample'))[0]).toMatchObject({
      type: 'application.withdrawn',
      data: { application_id: applicationId },
    });
    const rejected = fixture('ashby', 'applicationUpdate_archived.sample');
    const application = (rejected.data as { application: { archiveReason: { reasonType: string } } })
      .application;
    application.archiveReason.reasonType = 'RejectedByOrg';
    expect(eventsOf(mapAshby(rejected, ctx))[0].type).toBe('application.rejected');

    const [hired] = eventsOf(map('candidateHire.sample'));
    expect(hired).toMatchObject({
      id: `${actionId(4)}:application.hired:${applicationId}`,
      data: { application_id: applicationId },
    });
    // candidateHire also fires applicationUpdate with status Hired: same event id.
    const relatedUpdate = { ...fixture('ashby', 'candidateHire.sample'), action: 'applicationUpdate' };
    expect(eventsOf(mapAshby(relatedUpdate, ctx))[0].id).toBe(hired.id);
  });

  it('maps deletions and merges to candidate.deleted for the removed record', () => {
    expect(eventsOf(map('candidateDelete.sample'))[0].data).toEqual({
      candidate_id: 'f9e8d7c6-b5a4-4321-8765-0fedcba98765',
    });
    expect(eventsOf(map('candidateMerge.sample'))[0].data).toEqual({
      candidate_id: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
    });
  });

  it('maps interview schedules as one interview per schedule', () => {
    const [created] = eventsOf(map('interviewScheduleCreate.sample'));
    expect(created).toEqual({
      id: `${actionId(7)}:interview:${scheduleId}`,
      type: 'interview.scheduled',
      occurred_at: '2024-05-10T08:05:00.000Z',
      data: {
        application_id: applicationId,
        interview: {
          id: scheduleId,
          starts_at: '2024-05-14T15:00:00.000Z',
          ends_at: '2024-05-14T17:00:00.000Z',
        },
      },
    });
    // The Update fired by the same create shares the event id, so it is not counted as a reschedule.
    const [update] = eventsOf(map('interviewScheduleUpdate.sample'));
    expect(update.type).toBe('interview.rescheduled');
    expect(update.id).toBe(created.id);

    expect(eventsOf(map('interviewScheduleUpdate_cancelled.sample'))[0]).toMatchObject({
      type: 'interview.cancelled',
      data: { application_id: applicationId, interview: { id: scheduleId } },
    });
  });

  it('maps schedules waiting on feedback and complete to the feedback clock', () => {
    const body = fixture('ashby', 'interviewScheduleUpdate.sample');
    const schedule = (body.data as { interviewSchedule: { status: string } }).interviewSchedule;
    schedule.status = 'WaitingOnFeedback';
    expect(eventsOf(mapAshby(body, ctx))[0]).toMatchObject({
      type: 'interview.completed',
      data: {
        application_id: applicationId,
        interview: { id: scheduleId, ended_at: '2024-05-14T17:00:00.000Z' },
      },
    });
    schedule.status = 'Complete';
    expect(eventsOf(mapAshby(body, ctx))[0]).toMatchObject({
      type: 'feedback.submitted',
      data: { application_id: applicationId, interview_id: scheduleId, from_hiring_manager: true },
    });
    schedule.status = 'NeedsScheduling';
    expect(mapAshby(body, ctx).kind).toBe('ignored');
  });

  it('maps job events with both roles to job.updated', () => {
    expect(eventsOf(map('jobCreate.sample'))[0].data).toEqual({
      job: {
        id: '4071538b-3cac-4fbf-ac76-f78ed250ffdd',
        title: 'First Designer',
        status: 'open',
        recruiter,
        hiring_manager: hiringManager,
      },
    });
    expect(eventsOf(map('jobUpdate.sample'))[0]).toMatchObject({
      occurred_at: '2024-06-01T10:00:00.000Z',
      data: { job: { status: 'closed' } },
    });
    const noTeam = fixture('ashby', 'jobUpdate.sample');
    (noTeam.data as { job: { hiringTeam: unknown[] } }).job.hiringTeam = [];
    expect(mapAshby(noTeam, ctx).kind).toBe('ignored');
  });

  it('ignores offers and other actions keepwarm does not use', () => {
    expect(map('offerCreate.sample')).toEqual({
      kind: 'ignored',
      reason: 'ashby offerCreate: offers are not tracked by keepwarm',
    });
    expect(mapAshby({ action: 'brandNewAction', webhookActionId: 'w', data: {} }, ctx).kind).toBe('ignored');
  });

  it('reports malformed payloads', () => {
    expect(mapAshby({ action: 'applicationSubmit', data: {} }, ctx)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'webhookActionId', message: 'is required' }],
    });
    const body = fixture('ashby', 'applicationSubmit.sample');
    const application = (body.data as { application: Record<string, unknown> }).application;
    delete application.currentInterviewStage;
    application.job = { id: 5 };
    expect(mapAshby(body, ctx)).toEqual({
      kind: 'invalid',
      errors: [
        { path: 'data.application.job.title', message: 'is required' },
        { path: 'data.application.currentInterviewStage', message: 'is required' },
      ],
    });
  });

  it('is total over arbitrary JSON and mutated payloads', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => expectWellFormed(mapAshby(body, ctx))),
      { numRuns: 300 },
    );
    for (const name of fixtureNames('ashby')) {
      fc.assert(
        fc.property(mutatedFixture('ashby', name), (body) => expectWellFormed(mapAshby(body, ctx))),
        { numRuns: 80 },
      );
    }
  });
});
