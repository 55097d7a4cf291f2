import type { StageKind } from '../../src/canonical/canonical-event.schema';

// Builders for canonical events, as an ATS would send them.

let counter = 0;
export function eventId(prefix = 'evt'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

export interface PersonInput {
  id: string;
  name: string;
  email?: string;
  timezone?: string;
  country?: string;
}

export const recruiter: PersonInput = {
  id: 'rec_1',
  name: 'Riley Recruiter',
  email: 'riley@example.com',
  timezone: 'America/New_York',
  country: 'US',
};
export const hiringManager: PersonInput = {
  id: 'hm_1',
  name: 'Morgan Manager',
  email: 'morgan@example.com',
  timezone: 'America/New_York',
  country: 'US',
};

export function job(
  overrides: Partial<{
    id: string;
    title: string;
    status: string;
    recruiter: PersonInput;
    hiring_manager: PersonInput;
  }> = {},
) {
  return {
    id: 'job_1',
    title: 'Backend Engineer',
    status: 'open',
    recruiter,
    hiring_manager: hiringManager,
    ...overrides,
  };
}

export function candidate(overrides: Record<string, unknown> = {}) {
  return {
    id: 'cand_1',
    name: 'Casey Candidate',
    email: 'casey@example.com',
    timezone: 'America/New_York',
    country: 'US',
    ...overrides,
  };
}

export function application(
  overrides: Record<string, unknown> = {},
  stage: { name: string; kind?: StageKind } = { name: 'Applied', kind: 'applied' },
) {
  return {
    id: 'app_1',
    candidate: candidate(),
    job: job(),
    stage,
    url: 'https://ats.example.com/applications/app_1',
    ...overrides,
  };
}

export function event(type: string, data: unknown, occurredAt: string | Date = new Date(), id = eventId()) {
  return {
    id,
    type,
    occurred_at: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    data,
  };
}

/** application.created for application `id`, with a candidate of its own (`cand_<id>`, `<id>@example.com`). */
export function applicationCreated(id: string, occurredAt: string | Date) {
  return event(
    'application.created',
    {
      application: application({
        id,
        candidate: { id: `cand_${id}`, name: 'Pat Example', email: `${id}@example.com` },
      }),
    },
    occurredAt,
  );
}
