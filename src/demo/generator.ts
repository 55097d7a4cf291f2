// A seeded generator of realistic canonical events (API.md, "POST /webhooks/events"): a small
// recruiting team, a handful of jobs, and candidates who move through the pipeline with the calls,
// interviews, feedback and silences of real hiring. The same seed always yields the same events,
// so the demo, the benchmarks and the tests can replay one pipeline. Pure: no I/O, no clock.

export interface GeneratedPerson {
  id: string;
  name: string;
  email: string;
  timezone: string;
  country: string;
}

export interface GeneratedEvent {
  id: string;
  type: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

export interface GeneratorOptions {
  /** Same seed, same pipeline. */
  seed: number;
  /** How many applications to generate. */
  applications: number;
  /** When the first application arrives; later events follow in business-like steps. */
  start: Date;
  /** Prefix of every id, so several runs can share a database without meeting. */
  idPrefix?: string;
  /** Spread of application arrivals, in days (default 10). */
  arrivalSpreadDays?: number;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; enough for sample data. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

const firstNames = [
  'Avery',
  'Jordan',
  'Priya',
  'Mateo',
  'Amara',
  'Lukas',
  'Mei',
  'Tomás',
  'Zainab',
  'Noah',
  'Ingrid',
  'Kwame',
  'Sofia',
  'Ravi',
  'Elena',
  'Hiro',
  'Fatima',
  'Oskar',
  'Leila',
  'Samuel',
];
const lastNames = [
  'Okafor',
  'Lindqvist',
  'Nakamura',
  'Fernández',
  'Patel',
  'Novak',
  'Haddad',
  'Schmidt',
  'Mensah',
  'Kowalski',
  'Duarte',
  'Chen',
  'Byrne',
  'Iyer',
  'Rossi',
  'Andersen',
  'Costa',
  'Mbeki',
  'Varga',
  'Silva',
];
const places = [
  { timezone: 'America/New_York', country: 'US' },
  { timezone: 'America/Los_Angeles', country: 'US' },
  { timezone: 'Europe/Berlin', country: 'DE' },
  { timezone: 'Europe/London', country: 'GB' },
  { timezone: 'Europe/Madrid', country: 'ES' },
];
const jobTitles = [
  'Senior Backend Engineer',
  'Product Designer',
  'Data Analyst',
  'Engineering Manager',
  'Customer Success Lead',
  'Site Reliability Engineer',
];

// The stages most ATS pipelines share, with their keepwarm kinds.
const stages = {
  applied: { name: 'Applied', kind: 'applied' },
  screen: { name: 'Phone Screen', kind: 'recruiter_screen' },
  review: { name: 'Hiring Manager Review', kind: 'hiring_manager_review' },
  onsite: { name: 'Onsite', kind: 'interview' },
  offer: { name: 'Offer', kind: 'offer' },
} as const;
type StageKey = keyof typeof stages;

const hour = 3_600_000;

interface Team {
  recruiters: GeneratedPerson[];
  hiringManagers: GeneratedPerson[];
  jobs: Array<{
    id: string;
    title: string;
    status: 'open';
    recruiter: GeneratedPerson;
    hiring_manager: GeneratedPerson;
  }>;
}

function person(random: SeededRandom, id: string, domain: string): GeneratedPerson {
  const first = random.pick(firstNames);
  const last = random.pick(lastNames);
  const place = random.pick(places);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return { id, name: `${first} ${last}`, email: `${local}@${domain}`, ...place };
}

function buildTeam(random: SeededRandom, prefix: string): Team {
  const recruiters = [1, 2, 3].map((n) => person(random, `${prefix}rec_${n}`, 'company.example'));
  const hiringManagers = [1, 2, 3, 4].map((n) => person(random, `${prefix}hm_${n}`, 'company.example'));
  const jobs = jobTitles.map((title, index) => ({
    id: `${prefix}job_${index + 1}`,
    title,
    status: 'open' as const,
    recruiter: recruiters[index % recruiters.length],
    hiring_manager: hiringManagers[index % hiringManagers.length],
  }));
  return { recruiters, hiringManagers, jobs };
}

/**
 * Generates the events of `applications` candidates, sorted by occurred_at. Most applications stop
 * somewhere along the way (rejected, or simply waiting), as they do in real pipelines, so a sweep
 * over the result finds silent candidates, overdue feedback and stalled scheduling.
 */
export function generatePipeline(options: GeneratorOptions): GeneratedEvent[] {
  const random = new SeededRandom(options.seed);
  const prefix = options.idPrefix ?? '';
  const team = buildTeam(random, prefix);
  const spread = (options.arrivalSpreadDays ?? 10) * 24 * hour;
  const events: GeneratedEvent[] = [];
  let sequence = 0;

  for (let n = 1; n <= options.applications; n += 1) {
    const job = random.pick(team.jobs);
    const candidateBase = person(random, `${prefix}cand_${n}`, 'mail.example');
    const candidate: Record<string, unknown> = {
      ...candidateBase,
      source: random.chance(0.15)
        ? { kind: 'agency', agency_name: 'Northstar Talent', agency_email: 'desk@northstar.example' }
        : { kind: random.pick(['direct', 'referral', 'sourced'] as const) },
    };
    const applicationId = `${prefix}app_${n}`;
    let at = options.start.getTime() + Math.floor(random.next() * spread);
    const emit = (type: string, data: Record<string, unknown>): void => {
      sequence += 1;
      events.push({ id: `${prefix}evt_${sequence}`, type, occurred_at: new Date(at).toISOString(), data });
    };
    const snapshot = (stage: StageKey) => ({
      id: applicationId,
      candidate,
      job,
      stage: stages[stage],
      url: `https://ats.example/applications/${applicationId}`,
    });
    const advance = (minHours: number, maxHours: number): void => {
      at += random.integer(minHours, maxHours) * hour;
    };
    let stage: StageKey = 'applied';
    const moveTo = (next: StageKey): void => {
      emit('application.stage_changed', { application: snapshot(next), from_stage: stages[stage] });
      stage = next;
    };

    emit('application.created', { application: snapshot('applied') });
    if (random.chance(0.25)) {
      advance(24, 120);
      if (random.chance(0.5)) emit('application.rejected', { application_id: applicationId });
      continue; // left waiting in Applied, or turned down at once
    }

    advance(4, 72);
    emit('candidate.contacted', { application_id: applicationId, direction: 'outbound', channel: 'email' });
    moveTo('screen');
    advance(24, 96);
    emit('candidate.contacted', { application_id: applicationId, direction: 'outbound', channel: 'phone' });
    if (random.chance(0.2)) {
      advance(24, 72);
      emit('candidate.contacted', { application_id: applicationId, direction: 'inbound', channel: 'email' });
      continue; // the candidate asked where things stand, and is waiting for an answer
    }

    advance(2, 48);
    moveTo('review');
    if (random.chance(0.3)) continue; // the hiring manager has not answered yet
    advance(12, 96);
    emit('feedback.submitted', {
      application_id: applicationId,
      submitted_by: job.hiring_manager,
      from_hiring_manager: true,
      recommendation: random.chance(0.8) ? 'advance' : 'reject',
    });

    advance(2, 24);
    moveTo('onsite');
    if (random.chance(0.25)) continue; // nobody has scheduled the onsite yet
    const interviewId = `${prefix}int_${n}`;
    advance(4, 48);
    const startsAt = at + random.integer(48, 120) * hour;
    emit('interview.scheduled', {
      application_id: applicationId,
      interview: {
        id: interviewId,
        starts_at: new Date(startsAt).toISOString(),
        ends_at: new Date(startsAt + 4 * hour).toISOString(),
      },
    });
    if (random.chance(0.15)) {
      advance(12, 36);
      const movedTo = startsAt + 48 * hour;
      emit('interview.rescheduled', {
        application_id: applicationId,
        interview: {
          id: interviewId,
          starts_at: new Date(movedTo).toISOString(),
          ends_at: new Date(movedTo + 4 * hour).toISOString(),
        },
      });
    }
    at = Math.max(at, startsAt) + 4 * hour;
    emit('interview.completed', { application_id: applicationId, interview: { id: interviewId } });
    advance(1, 4);
    emit('application.update_promised', {
      application_id: applicationId,
      by: new Date(at + 5 * 24 * hour).toISOString(),
    });
    if (random.chance(0.15)) {
      advance(12, 48);
      emit('candidate.competing_offer', {
        application_id: applicationId,
        deadline: new Date(at + random.integer(3, 8) * 24 * hour).toISOString(),
      });
    }
    if (random.chance(0.35)) continue; // waiting on interview feedback
    advance(12, 72);
    emit('feedback.submitted', {
      application_id: applicationId,
      interview_id: interviewId,
      submitted_by: job.hiring_manager,
      from_hiring_manager: true,
      recommendation: 'advance',
    });
    if (random.chance(0.4)) {
      advance(4, 24);
      emit('application.rejected', { application_id: applicationId });
      continue;
    }
    advance(4, 48);
    moveTo('offer');
    advance(24, 120);
    emit(random.chance(0.8) ? 'application.hired' : 'application.withdrawn', {
      application_id: applicationId,
    });
  }

  return events.sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0));
}
