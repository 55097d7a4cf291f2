import { createCalendars, defaultPolicy } from '../../policy';
import type { FlagAction, FlagKind } from '../../policy/types';
import { businessSpan, composeDigest, DigestInput, DigestItem } from './compose-digest';
import { fridayDigestInput } from './digest-input.fixture';

const calendars = createCalendars(defaultPolicy);

function silentItem(id: string, severity: DigestItem['flag']['severity'], waitingSince: string): DigestItem {
  return {
    flag: {
      id,
      kind: 'candidate_silent',
      action: 'send_keep_warm_update',
      severity,
      raisedAt: new Date('2026-11-19T09:00:00Z'),
      waitingSince: new Date(waitingSince),
      details: { business_days_silent: 5 },
    },
    application: { id: `app-${id}`, url: null, stageName: 'Onsite', stageKind: 'interview' },
    candidate: { name: `Candidate ${id}` },
    job: { title: 'Engineer' },
    hiringManager: null,
    automatic: { keepWarmSentAt: [], managerRemindersSent: 0 },
  };
}

/** Another open flag of the same application as `item`. */
function alsoFlagged(
  item: DigestItem,
  id: string,
  kind: FlagKind,
  action: FlagAction,
  severity: DigestItem['flag']['severity'],
  waitingSince: string,
  details: Record<string, unknown> = {},
): DigestItem {
  return {
    ...item,
    flag: { ...item.flag, id, kind, action, severity, waitingSince: new Date(waitingSince), details },
  };
}

function inputWith(items: DigestItem[], overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    recruiter: { id: 'rec-1', name: 'Priya Shah', timezone: 'UTC' },
    calendar: calendars.forPerson({ timezone: 'UTC', country: null }),
    localDate: '2026-11-20',
    now: new Date('2026-11-20T08:00:00Z'),
    previous: { localDate: '2026-11-19', generatedAt: new Date('2026-11-19T08:00:00Z') },
    maxCandidates: 25,
    deskUrl: 'https://keepwarm.example.com/app',
    items,
    managerStats: [],
    ...overrides,
  };
}

describe('composeDigest', () => {
  it('composes a full digest', () => {
    expect(composeDigest(fridayDigestInput)).toMatchSnapshot();
  });

  describe('one entry per candidate', () => {
    it('gathers every open reason of an application into one entry, never naming a person twice', () => {
      const digest = composeDigest(fridayDigestInput);
      const applications = digest.entries.map((entry) => entry.application_id);
      expect(new Set(applications).size).toBe(applications.length);
      expect(digest.entries).toHaveLength(9);
      const grace = digest.entries.find((entry) => entry.application_id === 'app-grace')!;
      // Both high; the decision and the feedback started the same day: the flag id breaks the tie.
      expect(grace.reasons.map((reason) => reason.kind)).toEqual(['decision_overdue', 'feedback_overdue']);
      expect(grace.actions).toEqual(['consider_rejection', 'nudge_hiring_manager']);
      expect(grace.severity).toBe('high');
    });

    it('ranks an entry by its most urgent reason, then the longest wait, in the one urgency order', () => {
      const calm = silentItem('calm', 'medium', '2026-11-01T09:00:00Z');
      const urgentToo = alsoFlagged(
        silentItem('mixed', 'medium', '2026-11-12T09:00:00Z'),
        'mixed-offer',
        'competing_offer_deadline',
        'expedite',
        'urgent',
        '2026-11-19T09:00:00Z',
        { deadline: '2026-11-24T17:00:00Z' },
      );
      const digest = composeDigest(
        inputWith([
          silentItem('medium-recent', 'medium', '2026-11-12T09:00:00Z'),
          silentItem('high-recent', 'high', '2026-11-13T09:00:00Z'),
          silentItem('low-oldest', 'low', '2026-11-01T09:00:00Z'),
          calm,
          silentItem('mixed', 'medium', '2026-11-12T09:00:00Z'),
          urgentToo,
        ]),
      );
      expect(digest.entries.map((entry) => entry.application_id)).toEqual([
        'app-mixed',
        'app-high-recent',
        'app-calm',
        'app-medium-recent',
        'app-low-oldest',
      ]);
      expect(digest.entries[0].severity).toBe('urgent');
      expect(digest.entries[0].reasons.map((reason) => reason.flag_id)).toEqual(['mixed-offer', 'mixed']);
      expect(digest.entries[0].actions).toEqual(['expedite', 'send_keep_warm_update']);
    });

    it('counts candidates, not flags, by their most urgent reason', () => {
      const digest = composeDigest(fridayDigestInput);
      expect(digest.counts).toEqual({
        candidates: 8,
        new: 5,
        by_severity: { urgent: 1, high: 3, medium: 4, low: 0 },
        handled_by_keepwarm: 1,
        reasons: 9,
      });
      expect(digest.is_empty).toBe(false);
    });
  });

  describe('the cap', () => {
    const items = [
      silentItem('a', 'high', '2026-11-01T09:00:00Z'),
      silentItem('b', 'high', '2026-11-02T09:00:00Z'),
      silentItem('c', 'medium', '2026-11-03T09:00:00Z'),
      silentItem('d', 'medium', '2026-11-04T09:00:00Z'),
      silentItem('e', 'low', '2026-11-05T09:00:00Z'),
    ];

    it('names at most max_candidates entries, the most urgent, and counts the rest', () => {
      const digest = composeDigest(inputWith(items, { maxCandidates: 2 }));
      expect(digest.entries.map((entry) => entry.application_id)).toEqual(['app-a', 'app-b']);
      expect(digest.not_listed).toEqual({ candidates: 3, handled_by_keepwarm: 0 });
      // The subject's numbers cover everyone, listed or not.
      expect(digest.counts.candidates).toBe(5);
      expect(digest.counts.by_severity).toEqual({ urgent: 0, high: 2, medium: 2, low: 1 });
      expect(digest.desk_url).toBe('https://keepwarm.example.com/app');
      // Counted, not named: nothing of the others is in the digest.
      expect(JSON.stringify(digest)).not.toContain('Candidate c');
    });

    it('lists everyone when they fit, and candidates keepwarm answered after those who need the recruiter', () => {
      const handled = silentItem('answered', 'urgent', '2026-11-01T09:00:00Z');
      handled.automatic = { keepWarmSentAt: [new Date('2026-11-20T07:00:00Z')], managerRemindersSent: 0 };
      const all = composeDigest(inputWith([handled, ...items], { maxCandidates: 25 }));
      expect(all.entries.map((entry) => entry.application_id)).toEqual([
        'app-a',
        'app-b',
        'app-c',
        'app-d',
        'app-e',
        'app-answered',
      ]);
      expect(all.not_listed).toEqual({ candidates: 0, handled_by_keepwarm: 0 });

      const capped = composeDigest(inputWith([handled, ...items], { maxCandidates: 5 }));
      expect(capped.entries.every((entry) => entry.needs_you)).toBe(true);
      expect(capped.not_listed).toEqual({ candidates: 0, handled_by_keepwarm: 1 });
      expect(capped.counts).toMatchObject({ candidates: 5, handled_by_keepwarm: 1 });
    });
  });

  describe('new since the previous digest', () => {
    function raised(id: string, at: string): DigestItem {
      const item = silentItem(id, 'medium', '2026-10-01T09:00:00Z');
      item.flag.raisedAt = new Date(at);
      return item;
    }

    it('marks what was raised after the previous digest read the flags', () => {
      const digest = composeDigest(
        inputWith([raised('before', '2026-11-19T07:59:59Z'), raised('after', '2026-11-19T08:00:01Z')]),
      );
      const isNew = Object.fromEntries(digest.entries.map((entry) => [entry.application_id, entry.is_new]));
      expect(isNew).toEqual({ 'app-before': false, 'app-after': true });
      expect(digest.counts.new).toBe(1);
      expect(digest.previous).toEqual({ local_date: '2026-11-19', generated_at: '2026-11-19T08:00:00.000Z' });
    });

    it('marks an entry new when one of its reasons is, and says which', () => {
      const known = raised('grace', '2026-11-12T09:00:00Z');
      const fresh = alsoFlagged(
        known,
        'grace-decision',
        'decision_overdue',
        'consider_rejection',
        'high',
        '2026-11-01T09:00:00Z',
        { business_days_waiting: 10 },
      );
      fresh.flag.raisedAt = new Date('2026-11-20T06:00:00Z');
      const [entry] = composeDigest(inputWith([known, fresh])).entries;
      expect(entry.is_new).toBe(true);
      expect(entry.reasons.map((reason) => [reason.flag_id, reason.is_new])).toEqual([
        ['grace-decision', true],
        ['grace', false],
      ]);
    });

    it('treats everything in a first digest as new', () => {
      const digest = composeDigest(
        inputWith([raised('old', '2026-01-01T00:00:00Z'), raised('recent', '2026-11-20T07:00:00Z')], {
          previous: null,
        }),
      );
      expect(digest.previous).toBeNull();
      expect(digest.entries.every((entry) => entry.is_new)).toBe(true);
      expect(digest.counts.new).toBe(2);
    });

    it('reaches back over a weekend and the end of summer time (New York, Friday 30 Oct to Monday 2 Nov 2026)', () => {
      // Friday's digest at 08:00 EDT (12:00Z); Monday's at 08:00 EST (13:00Z); clocks fell back on Sunday.
      const monday = inputWith(
        [
          raised('friday-morning', '2026-10-30T11:59:00Z'),
          raised('friday-noon', '2026-10-30T12:01:00Z'),
          raised('saturday', '2026-10-31T15:00:00Z'),
          // 01:30 on Sunday happened twice in New York; this is the first, still EDT.
          raised('sunday-repeated-hour', '2026-11-01T05:30:00Z'),
          // 07:30 EST on Monday: before Monday's digest, but "since 08:00 the day before" would miss it.
          raised('monday-early', '2026-11-02T12:30:00Z'),
        ],
        {
          recruiter: { id: 'rec-ny', name: 'Nora Quinn', timezone: 'America/New_York' },
          calendar: calendars.forPerson({ timezone: 'America/New_York', country: 'US' }),
          localDate: '2026-11-02',
          now: new Date('2026-11-02T13:00:00Z'),
          previous: { localDate: '2026-10-30', generatedAt: new Date('2026-10-30T12:00:00Z') },
        },
      );
      const digest = composeDigest(monday);
      expect(Object.fromEntries(digest.entries.map((entry) => [entry.application_id, entry.is_new]))).toEqual(
        {
          'app-friday-morning': false,
          'app-friday-noon': true,
          'app-saturday': true,
          'app-sunday-repeated-hour': true,
          'app-monday-early': true,
        },
      );
    });

    it("measures from the recruiter's own previous digest, whatever their timezone (Tokyo and London, one instant)", () => {
      // The same flags, seen by a recruiter in Tokyo (Friday's digest at 08:00 JST = Thu 23:00Z, the
      // previous one Thu 08:00 JST = Wed 23:00Z) and one in London (Fri 08:00Z, previous Thu 08:00Z).
      const items = [
        // Wed 22:00Z: before both recruiters' Thursday digests.
        raised('wed-evening-utc', '2026-11-18T22:00:00Z'),
        // Wed 23:30Z is Thursday 08:30 in Tokyo, after Kenji's Thursday digest, and still Wednesday in London.
        raised('wed-late-utc', '2026-11-18T23:30:00Z'),
        raised('thu-morning-utc', '2026-11-19T07:00:00Z'),
        raised('thu-afternoon-utc', '2026-11-19T15:00:00Z'),
      ];
      const tokyo = composeDigest(
        inputWith(items, {
          recruiter: { id: 'rec-tokyo', name: 'Kenji Sato', timezone: 'Asia/Tokyo' },
          calendar: calendars.forPerson({ timezone: 'Asia/Tokyo', country: 'JP' }),
          now: new Date('2026-11-19T23:00:00Z'),
          previous: { localDate: '2026-11-19', generatedAt: new Date('2026-11-18T23:00:00Z') },
        }),
      );
      const london = composeDigest(
        inputWith(items, {
          recruiter: { id: 'rec-london', name: 'Priya Shah', timezone: 'Europe/London' },
          calendar: calendars.forPerson({ timezone: 'Europe/London', country: 'GB' }),
          now: new Date('2026-11-20T08:00:00Z'),
          previous: { localDate: '2026-11-19', generatedAt: new Date('2026-11-19T08:00:00Z') },
        }),
      );
      const newOf = (digest: ReturnType<typeof composeDigest>) =>
        digest.entries
          .filter((entry) => entry.is_new)
          .map((entry) => entry.application_id)
          .sort();
      expect(newOf(tokyo)).toEqual(['app-thu-afternoon-utc', 'app-thu-morning-utc', 'app-wed-late-utc']);
      expect(newOf(london)).toEqual(['app-thu-afternoon-utc']);
    });
  });

  describe('waits in business days', () => {
    it.each([
      [0, 0, 'business_hours', 'under a business hour'],
      [1, 1, 'business_hours', '1 business hour'],
      [23.9, 23, 'business_hours', '23 business hours'],
      [24, 1, 'business_days', '1 business day'],
      [47.9, 1, 'business_days', '1 business day'],
      [101.4, 4, 'business_days', '4 business days'],
      [471, 19, 'business_days', '19 business days'],
    ])('%s business hours read "%s %s"', (hours, value, unit, words) => {
      expect(businessSpan(hours)).toEqual({ value, unit, words });
    });

    it('words every reason in business days from one day up, hours below', () => {
      const digest = composeDigest(fridayDigestInput);
      const measures = Object.fromEntries(
        digest.entries.flatMap((entry) => entry.reasons.map((reason) => [reason.flag_id, reason.measure])),
      );
      expect(measures['flag-feedback-grace']).toEqual({
        value: 4,
        unit: 'business_days',
        text: 'waiting 4 business days for feedback from Dana Lee',
      });
      expect(measures['flag-feedback-alan'].text).toBe('waiting 2 business days for feedback from Sam Ortiz');
      expect(measures['flag-decision-grace'].text).toBe('no decision from Dana Lee after 11 business days');
      expect(measures['flag-silent-katherine'].text).toBe('no update for 6 business days');
      expect(measures['flag-reply-edsger'].text).toBe('waiting 3 business days for your reply');
      expect(measures['flag-scheduling-radia'].text).toBe(
        '4 business days with no interview scheduled, rescheduled twice',
      );
      // Counted down on the recruiter's calendar at 08:00 Friday: 16 h Friday, Monday, 17 h Tuesday.
      expect(measures['flag-offer'].text).toBe('competing offer deadline Tue 24 Nov, 2 business days left');
      // Promised by Wednesday 17:00: 7 h Wednesday, Thursday, 8 h Friday.
      expect(measures['flag-promise-margaret'].text).toBe(
        'update promised by Wed 18 Nov, 1 business day overdue',
      );
      expect(measures['flag-closed-barbara'].text).toBe('job on hold for 3 business days');
      // The numbers behind them travel along as the policy engine wrote them.
      const grace = digest.entries.find((entry) => entry.application_id === 'app-grace')!;
      expect(grace.reasons[1].details).toEqual({ hours_waiting: 101.4, level: 2 });
    });

    it('says hours below a day, and skips the weekend when it counts', () => {
      const promise = silentItem('promise', 'high', '2026-11-20T17:00:00Z');
      promise.flag = {
        ...promise.flag,
        kind: 'update_promise_missed',
        action: 'send_status_update',
        details: { promised_by: '2026-11-20T17:00:00Z', hours_overdue: 63 },
      };
      const reply = silentItem('reply', 'medium', '2026-11-20T20:00:00Z');
      reply.flag = {
        ...reply.flag,
        kind: 'candidate_awaiting_reply',
        action: 'reply_to_candidate',
        details: { business_days_waiting: 0.5, hours_waiting: 12 },
      };
      // Monday 08:00: promised by Friday 17:00 is 7 business hours then 8 on Monday, not 63.
      const digest = composeDigest(
        inputWith([promise, reply], { localDate: '2026-11-23', now: new Date('2026-11-23T08:00:00Z') }),
      );
      const texts = digest.entries.map((entry) => entry.reasons[0].measure.text);
      expect(texts).toEqual([
        'update promised by Fri 20 Nov, 15 business hours overdue',
        'waiting 12 business hours for your reply',
      ]);
    });

    it('falls back to business time since the clock started when the flag carries no number', () => {
      const item = silentItem('bare', 'medium', '2026-11-13T08:00:00Z');
      item.flag.details = {};
      const digest = composeDigest(inputWith([item]));
      expect(digest.entries[0].reasons[0].measure).toEqual({
        value: 5,
        unit: 'business_days',
        text: 'no update for 5 business days',
      });
    });

    it('says a count of reschedules when that is the reason', () => {
      const rescheduled = silentItem('rescheduled', 'medium', '2026-11-16T09:00:00Z');
      rescheduled.flag = {
        ...rescheduled.flag,
        kind: 'scheduling_stalled',
        action: 'schedule_next_round',
        details: { reason: 'rescheduled_twice', reschedules: 2 },
      };
      expect(composeDigest(inputWith([rescheduled])).entries[0].reasons[0].measure).toEqual({
        value: 2,
        unit: 'reschedules',
        text: 'rescheduled twice',
      });
    });
  });

  describe("what keepwarm's own update already answered", () => {
    it('is no action for the recruiter: the entry says the update was sent', () => {
      const digest = composeDigest(fridayDigestInput);
      const hedy = digest.entries.find((entry) => entry.application_id === 'app-hedy')!;
      expect(hedy).toMatchObject({ needs_you: false, actions: [], automatic: ['update sent on 12 Nov'] });
      expect(hedy.reasons[0].handled).toEqual({
        status: 'sent',
        at: '2026-11-20T07:30:00.000Z',
        text: 'keepwarm sent an update today at 07:30',
      });
      // Last, and outside the counts of who needs the recruiter.
      expect(digest.entries.at(-1)).toBe(hedy);
      expect(digest.counts.handled_by_keepwarm).toBe(1);
    });

    it('does not count the update that started the silence, nor answer what an update cannot', () => {
      const started = silentItem('started', 'medium', '2026-11-12T10:00:00Z');
      started.automatic = { keepWarmSentAt: [new Date('2026-11-12T10:00:00Z')], managerRemindersSent: 0 };
      const feedback = alsoFlagged(
        started,
        'started-feedback',
        'feedback_overdue',
        'nudge_hiring_manager',
        'medium',
        '2026-11-16T10:00:00Z',
        { hours_waiting: 60 },
      );
      feedback.automatic = { keepWarmSentAt: [new Date('2026-11-19T10:00:00Z')], managerRemindersSent: 0 };
      const [entry] = composeDigest(inputWith([started, { ...feedback }])).entries;
      expect(entry.reasons.map((reason) => reason.handled)).toEqual([null, null]);
      expect(entry.needs_you).toBe(true);
    });

    it('answers a silence or a missed promise with an update going out later today, not tomorrow', () => {
      const plannedToday = silentItem('today', 'medium', '2026-11-12T10:00:00Z');
      plannedToday.automatic = {
        keepWarmSentAt: [],
        keepWarmPlannedAt: new Date('2026-11-20T14:00:00Z'),
        managerRemindersSent: 0,
      };
      const plannedMonday = silentItem('monday', 'medium', '2026-11-12T10:00:00Z');
      plannedMonday.automatic = {
        keepWarmSentAt: [],
        keepWarmPlannedAt: new Date('2026-11-23T09:00:00Z'),
        managerRemindersSent: 0,
      };
      const digest = composeDigest(inputWith([plannedToday, plannedMonday]));
      const handled = Object.fromEntries(
        digest.entries.map((entry) => [entry.application_id, entry.reasons[0].handled]),
      );
      expect(handled).toEqual({
        'app-monday': null,
        'app-today': {
          status: 'planned',
          at: '2026-11-20T14:00:00.000Z',
          text: "keepwarm's update goes out today at 14:00",
        },
      });
      expect(digest.counts.candidates).toBe(1);
    });

    it('leaves the other reasons of the entry as actions, ranked by them', () => {
      const silent = silentItem('both', 'high', '2026-11-02T10:00:00Z');
      silent.automatic = { keepWarmSentAt: [new Date('2026-11-20T07:00:00Z')], managerRemindersSent: 0 };
      const stalled = alsoFlagged(
        silent,
        'both-stalled',
        'scheduling_stalled',
        'schedule_next_round',
        'medium',
        '2026-11-13T09:00:00Z',
        { business_days_waiting: 5 },
      );
      const other = silentItem('other', 'medium', '2026-11-10T09:00:00Z');
      const digest = composeDigest(inputWith([silent, stalled, other]));
      const both = digest.entries.find((entry) => entry.application_id === 'app-both')!;
      expect(both).toMatchObject({ needs_you: true, severity: 'medium', actions: ['schedule_next_round'] });
      expect(both.reasons.map((reason) => [reason.flag_id, reason.handled?.status ?? null])).toEqual([
        ['both-stalled', null],
        ['both', 'sent'],
      ]);
      // Ranked by the medium it still asks for, after the longer-waiting medium.
      expect(digest.entries.map((entry) => entry.application_id)).toEqual(['app-other', 'app-both']);
      expect(digest.counts.reasons).toBe(2);
    });
  });

  describe('a candidate waiting for a reply', () => {
    it('says so on the entry, from the unanswered message or the open flag', () => {
      const digest = composeDigest(fridayDigestInput);
      const margaret = digest.entries.find((entry) => entry.application_id === 'app-margaret')!;
      expect(margaret.awaiting_reply).toEqual({
        since: '2026-11-19T16:00:00.000Z',
        text: 'Wrote yesterday and is waiting for your reply: keepwarm sends no automatic update until a person answers.',
      });
      const edsger = digest.entries.find((entry) => entry.application_id === 'app-edsger')!;
      expect(edsger.awaiting_reply?.since).toBe('2026-11-16T09:00:00.000Z');
      expect(edsger.actions).toEqual(['reply_to_candidate']);
      const ada = digest.entries.find((entry) => entry.application_id === 'app-ada')!;
      expect(ada.awaiting_reply).toBeNull();
    });
  });

  it('says what keepwarm already did, in words', () => {
    const digest = composeDigest(fridayDigestInput);
    const automatic = Object.fromEntries(
      digest.entries.map((entry) => [entry.application_id, entry.automatic]),
    );
    expect(automatic['app-grace']).toEqual(['manager reminded twice, last Wednesday']);
    expect(automatic['app-alan']).toEqual(['manager reminded yesterday']);
    expect(automatic['app-katherine']).toEqual(['update sent on 11 Nov']);
    expect(automatic['app-edsger']).toEqual(['updates sent on 12 Nov and Monday']);
    expect(automatic['app-ada']).toEqual([]);
  });

  it("names weekdays in the recruiter's timezone", () => {
    // 02:00 UTC on 17 November 2026: Tuesday 11:00 in Tokyo, Monday 18:00 in Los Angeles.
    const sentAt = new Date('2026-11-17T02:00:00Z');
    const item = { ...silentItem('tz', 'medium', '2026-11-10T00:00:00Z') };
    item.automatic = { keepWarmSentAt: [new Date('2026-11-10T00:00:00Z'), sentAt], managerRemindersSent: 0 };
    item.flag = { ...item.flag, waitingSince: sentAt };
    const tokyo = composeDigest(
      inputWith([item], {
        recruiter: { id: 'r', name: 'Kenji', timezone: 'Asia/Tokyo' },
        now: new Date('2026-11-19T23:00:00Z'),
      }),
    );
    const losAngeles = composeDigest(
      inputWith([item], {
        recruiter: { id: 'r', name: 'Maria', timezone: 'America/Los_Angeles' },
        now: new Date('2026-11-20T16:00:00Z'),
      }),
    );
    expect(tokyo.entries[0].automatic).toEqual(['updates sent on 10 Nov and Tuesday']);
    expect(losAngeles.entries[0].automatic).toEqual(['updates sent on 9 Nov and Monday']);
  });

  it('reports an empty digest', () => {
    const digest = composeDigest(inputWith([]));
    expect(digest.is_empty).toBe(true);
    expect(digest.entries).toEqual([]);
    expect(digest.counts).toEqual({
      candidates: 0,
      new: 0,
      by_severity: { urgent: 0, high: 0, medium: 0, low: 0 },
      handled_by_keepwarm: 0,
      reasons: 0,
    });
    expect(digest.not_listed).toEqual({ candidates: 0, handled_by_keepwarm: 0 });
  });

  it('lists the slowest hiring managers first', () => {
    const digest = composeDigest(fridayDigestInput);
    expect(digest.manager_stats.map((stats) => stats.manager_name)).toEqual([
      'Dana Lee',
      'Sam Ortiz',
      'Noor Haddad',
    ]);
  });

  it('is plain JSON', () => {
    const digest = composeDigest(fridayDigestInput);
    expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(fridayDigestInput);
    composeDigest(fridayDigestInput);
    expect(JSON.stringify(fridayDigestInput)).toBe(before);
  });
});
