import type { StageKind } from '../canonical/canonical-event.schema';
import { defaultPolicy } from './policy';
import { stageKindFor } from './stage-kinds';

describe('stageKindFor', () => {
  const builtIn: Array<[string, StageKind]> = [
    ['Applied', 'applied'],
    ['Application Review', 'applied'],
    ['New', 'applied'],
    ['new lead', 'applied'],
    ['Phone Screen', 'recruiter_screen'],
    ['Recruiter Screen', 'recruiter_screen'],
    ['Screening', 'recruiter_screen'],
    ['Initial screening call', 'recruiter_screen'],
    ['Hiring Manager Review', 'hiring_manager_review'],
    ['Resume Review', 'hiring_manager_review'],
    ['HM Review', 'hiring_manager_review'],
    ['hm_review', 'hiring_manager_review'],
    ['Interview', 'interview'],
    ['Hiring Manager Interview', 'interview'],
    ['Onsite', 'interview'],
    ['On-site', 'interview'],
    ['Take Home', 'interview'],
    ['take-home exercise', 'interview'],
    ['Technical Screen', 'interview'],
    ['Panel', 'interview'],
    ['Final Round', 'interview'],
    ['Offer', 'offer'],
    ['Offer Extended', 'offer'],
    ['Hired', 'hired'],
    ['Rejected', 'rejected'],
    ['Archived', 'rejected'],
    ['Withdrawn', 'withdrawn'],
  ];

  it.each(builtIn)('maps %s to %s with the built-in patterns', (name, kind) => {
    expect(stageKindFor(name, null, { stage_kinds: {} })).toEqual({ kind, known: true });
  });

  it('unknown names are interviews, flagged unknown', () => {
    expect(stageKindFor('Culture Chat', null, { stage_kinds: {} })).toEqual({
      kind: 'interview',
      known: false,
    });
    expect(stageKindFor('Renewal', null, { stage_kinds: {} })).toEqual({ kind: 'interview', known: false });
  });

  it('policy names win over built-ins, case-insensitively and exactly', () => {
    const policy = {
      stage_kinds: { 'Offer Interview': 'interview', 'Culture Chat': 'recruiter_screen' } as const,
    };
    expect(stageKindFor('offer interview', null, policy)).toEqual({ kind: 'interview', known: true });
    expect(stageKindFor('  CULTURE CHAT ', null, policy)).toEqual({ kind: 'recruiter_screen', known: true });
    // Exact names only: a longer name falls through to the patterns.
    expect(stageKindFor('Offer Interview 2', null, policy)).toEqual({ kind: 'offer', known: true });
  });

  it('the default policy maps its own examples', () => {
    expect(stageKindFor('phone screen', null, defaultPolicy).kind).toBe('recruiter_screen');
    expect(stageKindFor('ONSITE', null, defaultPolicy).kind).toBe('interview');
  });

  it('an explicit kind wins over everything', () => {
    expect(stageKindFor('Phone Screen', 'offer', defaultPolicy)).toEqual({ kind: 'offer', known: true });
    expect(stageKindFor('Mystery', 'applied', defaultPolicy)).toEqual({ kind: 'applied', known: true });
  });
});
