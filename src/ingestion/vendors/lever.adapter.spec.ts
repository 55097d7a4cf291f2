import fc from 'fast-check';
import { mapLever, type LeverContext } from './lever.adapter';
import { eventsOf, expectWellFormed, fixture, fixtureNames, mutatedFixture } from './vendor-test-support';

const ctx: LeverContext = { receivedAt: new Date('2026-11-20T15:04:05.000Z') };
const opportunityId = '3410c8b9-5c31-4bab-b7e9-9f710206d647';
const contactId = '05c248f9-ccb1-435f-bab5-0ec608aec263';

function map(name: string, context: LeverContext = ctx) {
  return mapLever(fixture('lever', name), context);
}

describe('mapLever', () => {
  it('maps every fixture without an invalid result', () => {
    for (const name of fixtureNames('lever')) {
      const result = map(name);
      expectWellFormed(result);
      expect(result.kind).not.toBe('invalid');
    }
  });

  it('reports a triggeredAt past the year 9999 as invalid rather than mapping it (fast-check found it)', () => {
    const result = mapLever(
      { ...fixture('lever', 'candidateHired.sample'), triggeredAt: 253402300800000 },
      ctx,
    );
    expect(result).toMatchObject({ kind: 'invalid', errors: [{ path: 'triggeredAt' }] });
  });

  it('treats the documented test request (empty data) as a ping', () => {
    expect(map('candidateHired_test-request')).toEqual({ kind: 'ping' });
  });

  it('maps the documented candidateStageChange, with stage ids as names and triggeredAt as the time', () => {
    const [event] = eventsOf(map('candidateStageChange'));
    expect(event).toEqual({
      // The documented example has no `id`: the token identifies the delivery.
      id: 'be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154:0',
      type: 'application.stage_changed',
      occurred_at: new Date(1431454330072).toISOString(),
      data: {
        application: {
          id: opportunityId,
          candidate: { id: contactId, name: `lever:${contactId}` },
          job: {
            id: 'lever:unknown-posting',
            title: 'lever:unknown-posting',
            recruiter: { id: 'lever:unassigned', name: 'lever:unassigned' },
            hiring_manager: { id: 'lever:unassigned', name: 'lever:unassigned' },
          },
          stage: { name: 'lever:7c2690d8-6308-4ed9-ae2a-cbfe7db26593' },
          url: `https://hire.lever.co/candidates/${opportunityId}`,
        },
        from_stage: { name: 'lever:992f01a9-ee19-41d2-ae79-1040701b195c' },
      },
    });
  });

  it('names stages through the context when it can', () => {
    const named: LeverContext = {
      ...ctx,
      stageName: (id) => (id.startsWith('7c26') ? 'On-site interview' : undefined),
    };
    const [event] = eventsOf(map('candidateStageChange', named));
    expect(event.type === 'application.stage_changed' && event.data.application.stage).toEqual({
      name: 'On-site interview',
    });
    const throwing: LeverContext = {
      ...ctx,
      stageName: () => {
        throw new Error('lookup down');
      },
    };
    expect(map('candidateStageChange', throwing).kind).toBe('events');
  });

  it('maps applicationCreated to a minimal application of placeholders', () => {
    const [event] = eventsOf(map('applicationCreated.sample'));
    expect(event).toMatchObject({
      id: 'c1a3f6f2-0001-4c55-9a3e-5b1d2f0e7a11:0',
      type: 'application.created',
      occurred_at: new Date(1431458022951).toISOString(),
      data: {
        application: {
          id: opportunityId,
          candidate: { id: contactId },
          stage: { name: 'lever:new', kind: 'applied' },
        },
      },
    });
  });

  it('maps archive changes by the archive reason, unarchiving as a reopened stage', () => {
    expect(eventsOf(map('candidateArchiveChange.sample'))[0]).toMatchObject({
      type: 'application.rejected',
      data: { application_id: opportunityId },
    });
    const withdrawn: LeverContext = { ...ctx, archiveOutcome: () => 'withdrawn' };
    expect(eventsOf(map('candidateArchiveChange.sample', withdrawn))[0].type).toBe('application.withdrawn');
    const hired: LeverContext = { ...ctx, archiveOutcome: () => 'hired' };
    expect(eventsOf(map('candidateArchiveChange.sample', hired))[0].type).toBe('application.hired');
    const [reopened] = eventsOf(map('candidateArchiveChange_unarchived.sample'));
    expect(reopened.type === 'application.stage_changed' && reopened.data.application.stage).toEqual({
      name: 'lever:unarchived',
    });
  });

  it('maps hires and deletions', () => {
    expect(eventsOf(map('candidateHired.sample'))[0]).toMatchObject({
      type: 'application.hired',
      data: { application_id: opportunityId },
    });
    expect(eventsOf(map('candidateDeleted.sample'))[0]).toMatchObject({
      type: 'candidate.deleted',
      data: { candidate_id: contactId },
    });
  });

  it('maps interview events, the trigger time standing in for an unknown interview time', () => {
    const interviewId = 'cd2e0b7f-3c4a-4a5e-9b3a-f1a9e5b6c7d8';
    const [created] = eventsOf(map('interviewCreated.sample'));
    expect(created).toMatchObject({
      type: 'interview.scheduled',
      data: { application_id: opportunityId, interview: { id: interviewId, starts_at: created.occurred_at } },
    });
    expect(eventsOf(map('interviewUpdated.sample'))[0].type).toBe('interview.rescheduled');
    expect(eventsOf(map('interviewDeleted.sample'))[0]).toMatchObject({
      type: 'interview.cancelled',
      data: { application_id: opportunityId, interview: { id: interviewId } },
    });

    const timed = fixture('lever', 'interviewCreated.sample');
    Object.assign(timed.data as object, { date: Date.parse('2026-12-01T10:00:00Z'), duration: 45 });
    expect(eventsOf(mapLever(timed, ctx))[0].data).toMatchObject({
      interview: { starts_at: '2026-12-01T10:00:00.000Z', ends_at: '2026-12-01T10:45:00.000Z' },
    });
  });

  it('ignores contact events, which carry only ids', () => {
    expect(map('contactCreated.sample').kind).toBe('ignored');
    expect(map('contactUpdated.sample').kind).toBe('ignored');
    expect(mapLever({ ...fixture('lever', 'candidateHired.sample'), event: 'somethingNew' }, ctx).kind).toBe(
      'ignored',
    );
  });

  it('reports malformed payloads', () => {
    const body = fixture('lever', 'candidateHired.sample');
    expect(mapLever({ ...body, triggeredAt: '2026-01-01' }, ctx)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'triggeredAt', message: 'must be a timestamp in milliseconds' }],
    });
    expect(mapLever({ ...body, data: { contactId } }, ctx)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'data.opportunityId', message: 'is required' }],
    });
    expect(mapLever({ ...body, id: undefined, token: undefined }, ctx).kind).toBe('invalid');
    expect(mapLever({ ...body, data: [1] }, ctx).kind).toBe('invalid');
    expect(mapLever('x', ctx).kind).toBe('invalid');
  });

  it('is total over arbitrary JSON and mutated payloads', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => expectWellFormed(mapLever(body, ctx))),
      { numRuns: 300 },
    );
    for (const name of fixtureNames('lever')) {
      fc.assert(
        fc.property(mutatedFixture('lever', name), (body) => expectWellFormed(mapLever(body, ctx))),
        { numRuns: 100 },
      );
    }
  });
});
