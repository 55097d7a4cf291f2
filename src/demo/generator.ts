// A seeded generator of realistic canonical events (docs/contract.md, "POST /webhooks/events"): a recruiting
// team of 4 recruiters and 8 hiring managers, 12 jobs, and candidates who move through the pipeline with the calls,
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
  /** Events after this instant have not happened yet and are left out (the demo passes now). */
  until?: Date;
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
// Candidates live anywhere; the team sits in four offices.
const places = [
  { timezone: 'America/New_York', country: 'US' },
  { timezone: 'America/Los_Angeles', country: 'US' },
  { timezone: 'Europe/Berlin', country: 'DE' },
  { timezone: 'Europe/London', country: 'GB' },
  { timezone: 'Europe/Madrid', country: 'ES' },
  { timezone: 'Asia/Kolkata', country: 'IN' },
];
const recruiterPlaces = [
  { timezone: 'America/New_York', country: 'US' },
  { timezone: 'Europe/Berlin', country: 'DE' },
  { timezone: 'Asia/Kolkata', country: 'IN' },
  { timezone: 'America/Los_Angeles', country: 'US' },
];
const jobTitles = [
  'Senior Backend Engineer',
  'Product Designer',
  'Data Analyst',
  'Engineering Manager',
  'Customer Success Lead',
  'Site Reliability Engineer',
  'Frontend Engineer',
  'Account Executive',
  'Recruiting Coordinator',
  'Security Engineer',
  'Product Manager',
  'Support Specialist',
];
const agencies = [
  { agency_name: 'Northstar Talent', agency_email: 'desk@northstar.example' },
  { agency_name: 'Harbor Search', agency_email: 'team@harborsearch.example' },
];

/** Hiring managers at these positions (0-based) take days, not hours, to give feedback. */
export const slowManagerIndexes = [2, 5] as const;
/** The last job is pulled while candidates are still in process. */
const closedJobIndex = jobTitles.length - 1;

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
const day = 24 * hour;

export interface GeneratedJob {
  id: string;
  title: string;
  recruiter: GeneratedPerson;
  hiring_manager: GeneratedPerson;
  /** When the job was closed, if it was. */
  closedAt: number | null;
}

export interface Team {
  recruiters: GeneratedPerson[];
  hiringManagers: GeneratedPerson[];
  /** Ids of the hiring managers who are slow to give feedback. */
  slowManagerIds: string[];
  jobs: GeneratedJob[];
}

function person(
  random: SeededRandom,
  id: string,
  domain: string,
  place?: { timezone: string; country: string },
): GeneratedPerson {
  const first = random.pick(firstNames);
  const last = random.pick(lastNames);
  const where = place ?? random.pick(places);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return { id, name: `${first} ${last}`, email: `${local}.${id}@${domain}`, ...where };
}

/** 4 recruiters in four timezones, 8 hiring managers (two of them slow), 12 jobs, one of which closes. */
export function buildTeam(random: SeededRandom, prefix: string, closeJobAt: number | null): Team {
  const recruiters = recruiterPlaces.map((place, index) =>
    person(random, `${prefix}rec_${index + 1}`, 'company.example', place),
  );
  const hiringManagers = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
    person(random, `${prefix}hm_${n}`, 'company.example', recruiterPlaces[(n - 1) % recruiterPlaces.length]),
  );
  const jobs = jobTitles.map((title, index) => ({
    id: `${prefix}job_${index + 1}`,
    title,
    recruiter: recruiters[index % recruiters.length],
    hiring_manager: hiringManagers[index % hiringManagers.length],
    closedAt: index === closedJobIndex ? closeJobAt : null,
  }));
  return {
    recruiters,
    hiringManagers,
    slowManagerIds: slowManagerIndexes.map((index) => hiringManagers[index].id),
    jobs,
  };
}

/** The job as an event at `at` carries it: closed once it has been closed. */
function jobAt(job: GeneratedJob, at: number) {
  return {
    id: job.id,
    title: job.title,
    status: job.closedAt !== null && at >= job.closedAt ? ('closed' as const) : ('open' as const),
    recruiter: job.recruiter,
    hiring_manager: job.hiring_manager,
  };
}

function byOccurredAt(a: GeneratedEvent, b: GeneratedEvent): number {
  return a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0;
}

/**
 * Generates the events of `applications` candidates, sorted by occurred_at. Most applications stop
 * somewhere along the way (rejected, or simply waiting), as they do in real pipelines, so a sweep
 * over the result finds silent candidates, overdue feedback, stalled scheduling, candidates waiting
 * on a reply, missed promises, competing offers and a closed job with candidates still in it.
 */
export function generatePipeline(options: GeneratorOptions): GeneratedEvent[] {
  const random = new SeededRandom(options.seed);
  const prefix = options.idPrefix ?? '';
  const spread = (options.arrivalSpreadDays ?? 10) * day;
  const start = options.start.getTime();
  const closeJobAt = start + Math.round(spread * 0.8);
  const team = buildTeam(random, prefix, closeJobAt);
  const slow = new Set(team.slowManagerIds);
  const events: GeneratedEvent[] = [];
  let sequence = 0;

  // The job is pulled: its candidates still in process need closing out.
  const closedJob = team.jobs[closedJobIndex];
  events.push({
    id: `${prefix}evt_job_closed`,
    type: 'job.updated',
    occurred_at: new Date(closeJobAt).toISOString(),
    data: { job: jobAt(closedJob, closeJobAt) },
  });

  for (let n = 1; n <= options.applications; n += 1) {
    let at = start + Math.floor(random.next() * spread);
    const openJobs = team.jobs.filter((job) => job.closedAt === null || job.closedAt > at);
    const job = random.pick(openJobs);
    const manager = job.hiring_manager;
    const candidateBase = person(random, `${prefix}cand_${n}`, 'mail.example');
    const candidate: Record<string, unknown> = {
      ...candidateBase,
      source: random.chance(0.15)
        ? { kind: 'agency', ...random.pick(agencies) }
        : { kind: random.pick(['direct', 'referral', 'sourced'] as const) },
      // Now and then a candidate opted out of email in the ATS.
      ...(random.chance(0.03) ? { can_email: false } : {}),
    };
    const applicationId = `${prefix}app_${n}`;
    const emit = (type: string, data: Record<string, unknown>): void => {
      sequence += 1;
      events.push({ id: `${prefix}evt_${sequence}`, type, occurred_at: new Date(at).toISOString(), data });
    };
    const snapshot = (stage: StageKey) => ({
      id: applicationId,
      candidate,
      job: jobAt(job, at),
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
    const contact = (direction: 'outbound' | 'inbound', channel: string): void =>
      emit('candidate.contacted', { application_id: applicationId, direction, channel });
    // How long this manager sits on a candidate: slow ones take days.
    const feedbackDelay = (): void => (slow.has(manager.id) ? advance(70, 220) : advance(6, 40));
    const managerAnswers = (): boolean => random.chance(slow.has(manager.id) ? 0.55 : 0.85);
    const feedback = (interviewId?: string, recommendation = 'advance'): void =>
      emit('feedback.submitted', {
        application_id: applicationId,
        ...(interviewId ? { interview_id: interviewId } : {}),
        submitted_by: manager,
        from_hiring_manager: true,
        recommendation,
      });

    emit('application.created', { application: snapshot('applied') });
    if (random.chance(0.22)) {
      advance(24, 120);
      if (random.chance(0.5)) emit('application.rejected', { application_id: applicationId });
      continue; // left waiting in Applied, or turned down at once
    }

    advance(4, 72);
    contact('outbound', 'email');
    moveTo('screen');
    advance(24, 96);
    contact('outbound', 'phone');
    if (random.chance(0.12)) {
      // "We'll get back to you by the end of the week."
      advance(1, 3);
      emit('application.update_promised', {
        application_id: applicationId,
        by: new Date(at + random.integer(2, 4) * day).toISOString(),
      });
    }
    if (random.chance(0.18)) {
      advance(24, 72);
      contact('inbound', 'email'); // the candidate asks where things stand
      const answer = random.next();
      if (answer < 0.5) {
        advance(6, 48);
        contact('outbound', 'email');
      } else if (answer < 0.75) {
        advance(48, 96);
        contact('inbound', 'phone'); // ... and asks again
      }
      if (random.chance(0.5)) continue;
    }

    advance(2, 48);
    moveTo('review');
    if (random.chance(0.1)) {
      advance(6, 48);
      emit('candidate.competing_offer', {
        application_id: applicationId,
        deadline: new Date(at + random.integer(3, 8) * day).toISOString(),
      });
    }
    if (!managerAnswers()) continue; // the hiring manager has not answered yet
    feedbackDelay();
    const reviewVerdict = random.chance(0.8) ? 'advance' : 'reject';
    feedback(undefined, reviewVerdict);
    if (reviewVerdict === 'reject') {
      advance(4, 48);
      emit('application.rejected', { application_id: applicationId });
      continue;
    }

    advance(2, 24);
    moveTo('onsite');
    if (random.chance(0.2)) continue; // nobody has scheduled the onsite yet
    const interviewId = `${prefix}int_${n}`;
    advance(4, 48);
    let startsAt = at + random.integer(48, 120) * hour;
    const interview = () => ({
      id: interviewId,
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(startsAt + 4 * hour).toISOString(),
    });
    emit('interview.scheduled', { application_id: applicationId, interview: interview() });
    const reschedules = random.chance(0.15) ? (random.chance(0.35) ? 2 : 1) : 0;
    for (let r = 0; r < reschedules; r += 1) {
      advance(12, 36);
      startsAt = Math.max(startsAt, at) + 48 * hour;
      emit('interview.rescheduled', { application_id: applicationId, interview: interview() });
    }
    at = Math.max(at, startsAt) + 4 * hour;
    emit('interview.completed', {
      application_id: applicationId,
      interview: { id: interviewId, ended_at: new Date(startsAt + 4 * hour).toISOString() },
    });
    advance(1, 4);
    emit('application.update_promised', {
      application_id: applicationId,
      by: new Date(at + 5 * day).toISOString(),
    });
    if (random.chance(0.12)) {
      advance(12, 48);
      emit('candidate.competing_offer', {
        application_id: applicationId,
        deadline: new Date(at + random.integer(3, 8) * day).toISOString(),
      });
    }
    if (!managerAnswers()) continue; // waiting on interview feedback
    feedbackDelay();
    feedback(interviewId);
    if (random.chance(0.4)) {
      advance(4, 24);
      emit('application.rejected', { application_id: applicationId });
      continue;
    }
    advance(4, 48);
    contact('outbound', 'phone');
    moveTo('offer');
    advance(24, 120);
    emit(random.chance(0.8) ? 'application.hired' : 'application.withdrawn', {
      application_id: applicationId,
    });
  }

  const sorted = events.sort(byOccurredAt);
  if (!options.until) return sorted;
  const until = options.until.toISOString();
  return sorted.filter((event) => event.occurred_at <= until);
}

/**
 * The order an ATS might deliver `events` in: mostly as they happened, but a share of them a few
 * places late (retries, batching). keepwarm orders by occurred_at, so the result is the same.
 */
export function deliveryOrder(
  events: readonly GeneratedEvent[],
  seed: number,
  share = 0.05,
): GeneratedEvent[] {
  const random = new SeededRandom(seed ^ 0x5bd1e995);
  const delivered = [...events];
  for (let index = 0; index < delivered.length - 1; index += 1) {
    if (!random.chance(share)) continue;
    const later = Math.min(delivered.length - 1, index + random.integer(1, 6));
    [delivered[index], delivered[later]] = [delivered[later], delivered[index]];
  }
  return delivered;
}

/** How many events of `events` arrive before one that happened earlier: the out-of-order deliveries. */
export function countOutOfOrder(delivered: readonly GeneratedEvent[]): number {
  let latest = '';
  let late = 0;
  for (const event of delivered) {
    if (event.occurred_at < latest) late += 1;
    else latest = event.occurred_at;
  }
  return late;
}
