// The backtest's hand-built history, whose answers are known by hand (UTC people, no holidays,
// default policy): a candidate nobody contacts, and a hiring manager who takes three days.
// test/integration/backtest.test.ts replays it; test/fixtures/backtest/hand-built.ndjson is this file order.

const utc = { timezone: 'UTC' };
const recruiter = { id: 'rec_bt', name: 'Rae Recruiter', email: 'rae@company.example', ...utc };
const manager = { id: 'hm_bt', name: 'Sam Slow', email: 'sam@company.example', ...utc };
const job = { id: 'job_bt', title: 'Backend Engineer', status: 'open', recruiter, hiring_manager: manager };
const candidate = (id: string) => ({ id, name: `Candidate ${id}`, email: `${id}@mail.example`, ...utc });
const application = (id: string, stage: { name: string; kind: string }) => ({
  id,
  candidate: candidate(`cand_${id}`),
  job,
  stage,
});
const applied = { name: 'Applied', kind: 'applied' };
const review = { name: 'Hiring Manager Review', kind: 'hiring_manager_review' };

// 2026-03-02 is a Monday.
export const handBuiltHistory = [
  // A: applied Monday 10:00 and never contacted: silent 5 business days later, Monday 03-09 10:00.
  {
    id: 'e1',
    type: 'application.created',
    occurred_at: '2026-03-02T10:00:00Z',
    data: { application: application('app_a', applied) },
  },
  {
    id: 'e2',
    type: 'application.created',
    occurred_at: '2026-03-02T09:00:00Z',
    data: { application: application('app_b', applied) },
  },
  {
    id: 'e3',
    type: 'candidate.contacted',
    occurred_at: '2026-03-02T09:30:00Z',
    data: { application_id: 'app_b', direction: 'outbound', channel: 'email' },
  },
  // B: in front of the manager from Monday 10:00: feedback overdue at 48 business hours, Wednesday 10:00.
  {
    id: 'e4',
    type: 'application.stage_changed',
    occurred_at: '2026-03-02T10:00:00Z',
    data: { application: application('app_b', review), from_stage: applied },
  },
  // The manager answers Thursday 10:00 (72 hours), the recruiter tells the candidate.
  {
    id: 'e5',
    type: 'feedback.submitted',
    occurred_at: '2026-03-05T10:00:00Z',
    data: {
      application_id: 'app_b',
      submitted_by: manager,
      from_hiring_manager: true,
      recommendation: 'advance',
    },
  },
  {
    id: 'e6',
    type: 'candidate.contacted',
    occurred_at: '2026-03-05T10:00:00Z',
    data: { application_id: 'app_b', direction: 'outbound', channel: 'phone' },
  },
  // The history ends Tuesday 03-10 12:00.
  {
    id: 'e7',
    type: 'candidate.contacted',
    occurred_at: '2026-03-10T12:00:00Z',
    data: { application_id: 'app_b', direction: 'outbound', channel: 'email' },
  },
];

// Out of order on purpose: the replay orders by occurred_at.
export const handBuiltFileOrder = [
  handBuiltHistory[3],
  handBuiltHistory[0],
  handBuiltHistory[1],
  handBuiltHistory[2],
  ...handBuiltHistory.slice(4),
];

/** NDJSON, one event a line, as `export-events` writes it. */
export function toNdjson(events: readonly unknown[]): string {
  return events.map((event) => `${JSON.stringify(event)}\n`).join('');
}
