import fc from 'fast-check';
import { greenhouseReplayTime, mapGreenhouse } from './greenhouse.adapter';
import { eventsOf, expectWellFormed, fixture, fixtureNames, mutatedFixture } from './vendor-test-support';
import type { VendorDirectory } from './vendor-adapter';

const receivedAt = new Date('2026-11-20T15:04:05.000Z');
const ctx = { deliveryId: 'gh-delivery-1', receivedAt };

function map(name: string, overrides: Partial<typeof ctx> = {}) {
  return mapGreenhouse(fixture('greenhouse', name), { ...ctx, ...overrides });
}

function withInterviews(statuses: string[]) {
  const body = fixture('greenhouse', 'candidate_stage_change');
  const application = (body.payload as { application: { current_stage: { interviews: unknown[] } } })
    .application;
  application.current_stage.interviews = statuses.map((status, index) => ({
    id: 500 + index,
    name: 'Onsite',
    status,
  }));
  return body;
}

describe('mapGreenhouse', () => {
  it('maps every documented example without an invalid result', () => {
    const names = fixtureNames('greenhouse');
    expect(names).toHaveLength(29);
    for (const name of names) {
      const result = map(name);
      expectWellFormed(result);
      expect(result.kind).not.toBe('invalid');
    }
  });

  it('maps new_candidate_application to application.created with the people it names', () => {
    const [event] = eventsOf(map('new_candidate_application'));
    expect(event).toEqual({
      id: 'gh-delivery-1:0',
      type: 'application.created',
      occurred_at: '2026-11-20T15:04:05.000Z',
      data: {
        application: {
          id: '71980812',
          candidate: {
            id: '60304594',
            name: 'Jane Smith',
            email: 'person@example.com',
            can_email: true,
            source: { kind: 'sourced' },
          },
          job: {
            id: '274075',
            title: 'Data Scientist',
            status: 'open',
            recruiter: { id: 'greenhouse:92121', name: 'Betty Smith', email: 'employee@test.com' },
            hiring_manager: { id: 'greenhouse:92913', name: 'greenhouse:92913' },
          },
          stage: { name: 'Preliminary Phone Screen' },
          url: 'https://app.greenhouse.io/people/60304594?application_id=71980812',
        },
      },
    });
  });

  it('uses the directory for known vendor users', () => {
    const directory: VendorDirectory = {
      findByVendorUserId: (id) =>
        id === 'greenhouse:92913'
          ? { id: 'p-42', name: 'Hilda Manager', email: 'hilda@example.com' }
          : undefined,
    };
    const [event] = eventsOf(
      mapGreenhouse(fixture('greenhouse', 'new_candidate_application'), { ...ctx, directory }),
    );
    expect(event.type === 'application.created' && event.data.application.job.hiring_manager).toEqual({
      id: 'p-42',
      name: 'Hilda Manager',
      email: 'hilda@example.com',
    });
  });

  it('maps candidate_stage_change to application.stage_changed, unassigned roles as placeholders', () => {
    const events = eventsOf(map('candidate_stage_change'));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.type).toBe('application.stage_changed');
    if (event.type !== 'application.stage_changed') return;
    expect(event.data.application.id).toBe('265277');
    expect(event.data.application.stage).toEqual({ name: 'Assessment' });
    expect(event.data.application.candidate).toMatchObject({
      id: '265772',
      name: 'Giuseppe Hurley',
      source: { kind: 'agency' },
    });
    expect(event.data.application.job.recruiter).toEqual({
      id: 'greenhouse:3128',
      name: 'Alicia Flopple',
      email: 'alicia.flopple.3128@example.com',
    });
    expect(event.data.application.job.hiring_manager).toEqual({
      id: 'greenhouse:unassigned',
      name: 'greenhouse:unassigned',
    });
  });

  it('turns interview statuses in a stage payload into awaiting-feedback events', () => {
    const events = eventsOf(
      mapGreenhouse(withInterviews(['scheduled', 'awaiting_feedback', 'complete']), ctx),
    );
    expect(events.map((event) => event.type)).toEqual([
      'application.stage_changed',
      'interview.completed',
      'feedback.submitted',
    ]);
    expect(events[1]).toMatchObject({
      id: 'gh-delivery-1:1',
      data: { application_id: '265277', interview: { id: '501' } },
    });
    expect(events[2].data).toEqual({
      application_id: '265277',
      interview_id: '502',
      submitted_by: { id: 'greenhouse:unassigned', name: 'greenhouse:unassigned' },
      from_hiring_manager: true,
    });
  });

  it('ignores application_updated unless an interview awaits or completed feedback', () => {
    expect(map('application_updated')).toEqual({
      kind: 'ignored',
      reason: 'greenhouse application_updated: no interview awaiting or done with feedback',
    });
  });

  it('maps rejections, withdrawals, hires and reopenings', () => {
    expect(eventsOf(map('reject_candidate'))).toEqual([
      {
        id: 'gh-delivery-1:0',
        type: 'application.rejected',
        occurred_at: receivedAt.toISOString(),
        data: { application_id: '265293' },
      },
    ]);
    const withdrawal = fixture('greenhouse', 'reject_candidate');
    const application = (
      withdrawal.payload as { application: { rejection_reason: { type: { name: string } } } }
    ).application;
    application.rejection_reason.type.name = 'They rejected us';
    expect(eventsOf(mapGreenhouse(withdrawal, ctx))[0].type).toBe('application.withdrawn');
    expect(eventsOf(map('hire_candidate'))[0]).toMatchObject({
      type: 'application.hired',
      data: { application_id: '46194062' },
    });

    const [reopened] = eventsOf(map('unreject_candidate'));
    expect(reopened.type).toBe('application.stage_changed');
    expect(reopened.type === 'application.stage_changed' && reopened.data.application.stage).toEqual({
      name: 'Offer',
    });
    expect(eventsOf(map('unhire_candidate'))[0].type).toBe('application.stage_changed');
  });

  it('maps update_candidate to candidate.updated, with can_email false as the opt-out', () => {
    expect(eventsOf(map('update_candidate'))[0].data).toEqual({
      candidate: { id: '15696179', name: 'Ronald Ronnie', email: '123456email@email.com' },
    });
    const optedOut = fixture('greenhouse', 'update_candidate');
    (optedOut.payload as { candidate: Record<string, unknown> }).candidate.can_email = false;
    expect(eventsOf(mapGreenhouse(optedOut, ctx))[0].data).toMatchObject({ candidate: { can_email: false } });
  });

  it('maps deletion, merge and anonymisation to candidate.deleted for the removed person', () => {
    for (const name of ['delete_candidate', 'merge_candidate', 'candidate_anonymized']) {
      expect(eventsOf(map(name))).toEqual([
        {
          id: 'gh-delivery-1:0',
          type: 'candidate.deleted',
          occurred_at: receivedAt.toISOString(),
          data: { candidate_id: '37031511' },
        },
      ]);
    }
  });

  it('maps job events with a hiring team to job.updated and ignores the others', () => {
    expect(eventsOf(map('job_updated'))[0].data).toEqual({
      job: {
        id: '100445',
        title: 'Assistant Store Manager, NYC',
        status: 'open',
        recruiter: { id: 'greenhouse:2345', name: 'greenhouse:2345' },
        hiring_manager: { id: 'greenhouse:1234', name: 'greenhouse:1234' },
      },
    });
    expect(eventsOf(map('job_created'))[0].type).toBe('job.updated');
    expect(eventsOf(map('job_approved'))[0].type).toBe('job.updated');
    expect(map('job_deleted').kind).toBe('ignored');
  });

  it('ignores what keepwarm does not use, with a reason', () => {
    for (const name of [
      'new_prospect_application',
      'offer_created',
      'interview_deleted',
      'scorecard_deleted',
      'office_deleted',
      'job_post_created',
    ]) {
      const result = map(name);
      expect(result.kind).toBe('ignored');
      expect(result.kind === 'ignored' && result.reason).toMatch(/^greenhouse /);
    }
    expect(mapGreenhouse({ action: 'something_new', payload: {} }, ctx).kind).toBe('ignored');
  });

  it('answers the ping', () => {
    expect(mapGreenhouse({ action: 'ping', payload: { web_hook_id: 1 } }, ctx)).toEqual({ kind: 'ping' });
  });

  it('gives the same event ids to a redelivery', () => {
    expect(eventsOf(map('new_candidate_application')).map((event) => event.id)).toEqual(
      eventsOf(map('new_candidate_application')).map((event) => event.id),
    );
  });

  it('reports malformed payloads with the vendor field paths', () => {
    const body = fixture('greenhouse', 'new_candidate_application');
    const application = (body.payload as { application: Record<string, unknown> }).application;
    delete application.id;
    application.candidate = 'nobody';
    expect(mapGreenhouse(body, ctx)).toEqual({
      kind: 'invalid',
      errors: [
        { path: 'payload.application.id', message: 'is required' },
        { path: 'payload.application.candidate', message: 'must be an object' },
      ],
    });
    expect(mapGreenhouse([], ctx)).toEqual({
      kind: 'invalid',
      errors: [{ path: '(root)', message: 'must be an object' }],
    });
    expect(mapGreenhouse({ action: 7 }, ctx).kind).toBe('invalid');
    expect(mapGreenhouse({ action: 'hire_candidate' }, ctx)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'payload', message: 'is required' }],
    });
    expect(map('hire_candidate', { deliveryId: '' }).kind).toBe('invalid');
  });

  it('reads the replay time from last_activity_at', () => {
    expect(greenhouseReplayTime(fixture('greenhouse', 'candidate_stage_change'))).toEqual(
      new Date('2015-02-09T16:38:36Z'),
    );
    expect(greenhouseReplayTime(fixture('greenhouse', 'update_candidate'))).toBeUndefined();
    expect(greenhouseReplayTime('nonsense')).toBeUndefined();
  });

  it('is total over arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => expectWellFormed(mapGreenhouse(body, ctx))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (body) => expectWellFormed(mapGreenhouse(body, ctx))),
      { numRuns: 300 },
    );
  });

  it('is total over mutated documented payloads', () => {
    for (const name of fixtureNames('greenhouse')) {
      fc.assert(
        fc.property(mutatedFixture('greenhouse', name), (body) => expectWellFormed(mapGreenhouse(body, ctx))),
        { numRuns: 60 },
      );
    }
  });
});
