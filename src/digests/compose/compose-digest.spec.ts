import { composeDigest, DigestInput, DigestItem } from './compose-digest';
import { fridayDigestInput } from './digest-input.fixture';

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

function inputWith(items: DigestItem[], overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    recruiter: { id: 'rec-1', name: 'Priya Shah', timezone: 'UTC' },
    localDate: '2026-11-20',
    now: new Date('2026-11-20T08:00:00Z'),
    items,
    managerStats: [],
    ...overrides,
  };
}

describe('composeDigest', () => {
  it('composes a full digest', () => {
    expect(composeDigest(fridayDigestInput)).toMatchSnapshot();
  });

  it('orders sections by action, with the agreed titles', () => {
    const digest = composeDigest(fridayDigestInput);
    expect(digest.sections.map((section) => section.title)).toEqual([
      'Expedite (competing offers)',
      'Promises due or missed',
      'Candidates waiting on your reply',
      'Push the hiring manager',
      'Decisions overdue — consider a rejection',
      'Keep warm',
      'Scheduling stalled',
      'Jobs closed with active candidates',
    ]);
  });

  it('puts the most urgent first, then the longest waiting', () => {
    const digest = composeDigest(
      inputWith([
        silentItem('medium-recent', 'medium', '2026-11-12T09:00:00Z'),
        silentItem('high-recent', 'high', '2026-11-13T09:00:00Z'),
        silentItem('low-oldest', 'low', '2026-11-01T09:00:00Z'),
        silentItem('medium-oldest', 'medium', '2026-11-10T09:00:00Z'),
      ]),
    );
    expect(digest.sections[0].lines.map((line) => line.flag_id)).toEqual([
      'high-recent',
      'medium-oldest',
      'medium-recent',
      'low-oldest',
    ]);
  });

  it('counts lines by severity and candidates once', () => {
    const digest = composeDigest(fridayDigestInput);
    expect(digest.counts).toEqual({
      total: 9,
      candidates: 8,
      by_severity: { urgent: 1, high: 4, medium: 4, low: 0 },
    });
    expect(digest.is_empty).toBe(false);
  });

  it('shows the hiring manager and business hours in the push section', () => {
    const digest = composeDigest(fridayDigestInput);
    const push = digest.sections.find((section) => section.kind === 'feedback_overdue');
    expect(push?.lines.map((line) => line.measure.text)).toEqual([
      '101 business hours waiting on Dana Lee',
      '52 business hours waiting on Sam Ortiz',
    ]);
    expect(push?.lines[0].measure).toMatchObject({ value: 101, unit: 'business_hours' });
  });

  it('says what keepwarm already did, in words', () => {
    const digest = composeDigest(fridayDigestInput);
    const automaticByFlag = Object.fromEntries(
      digest.sections.flatMap((section) => section.lines).map((line) => [line.flag_id, line.automatic]),
    );
    expect(automaticByFlag['flag-feedback-grace']).toEqual(['manager reminded twice, last Wednesday']);
    expect(automaticByFlag['flag-feedback-alan']).toEqual(['manager reminded yesterday']);
    expect(automaticByFlag['flag-silent-katherine']).toEqual(['update sent Tuesday']);
    expect(automaticByFlag['flag-reply-edsger']).toEqual(['updates sent on 12 Nov and yesterday']);
    expect(automaticByFlag['flag-offer']).toEqual([]);
  });

  it("names weekdays in the recruiter's timezone", () => {
    // 02:00 UTC on 17 November 2026: Tuesday 11:00 in Tokyo, Monday 18:00 in Los Angeles.
    const sentAt = new Date('2026-11-17T02:00:00Z');
    const item = { ...silentItem('tz', 'medium', '2026-11-10T00:00:00Z') };
    item.automatic = { keepWarmSentAt: [sentAt], managerRemindersSent: 0 };
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
    expect(tokyo.sections[0].lines[0].automatic).toEqual(['update sent Tuesday']);
    expect(losAngeles.sections[0].lines[0].automatic).toEqual(['update sent Monday']);
  });

  it('omits empty sections and reports an empty digest', () => {
    const digest = composeDigest(inputWith([]));
    expect(digest.is_empty).toBe(true);
    expect(digest.sections).toEqual([]);
    expect(digest.counts).toEqual({
      total: 0,
      candidates: 0,
      by_severity: { urgent: 0, high: 0, medium: 0, low: 0 },
    });

    const oneSection = composeDigest(inputWith([silentItem('only', 'medium', '2026-11-12T09:00:00Z')]));
    expect(oneSection.sections.map((section) => section.kind)).toEqual(['candidate_silent']);
  });

  it('lists the slowest hiring managers first', () => {
    const digest = composeDigest(fridayDigestInput);
    expect(digest.manager_stats.map((stats) => stats.manager_name)).toEqual([
      'Dana Lee',
      'Sam Ortiz',
      'Noor Haddad',
    ]);
  });

  it('falls back to clock time when the flag carries no number', () => {
    const item = silentItem('bare', 'medium', '2026-11-13T08:00:00Z');
    item.flag.details = {};
    const digest = composeDigest(inputWith([item]));
    expect(digest.sections[0].lines[0].measure).toEqual({ value: 7, unit: 'days', text: '7 days silent' });
  });

  it('reads the numbers the policy engine writes', () => {
    const promise = silentItem('promise', 'high', '2026-11-18T17:00:00Z');
    promise.flag = {
      ...promise.flag,
      kind: 'update_promise_missed',
      action: 'send_status_update',
      details: { promised_by: '2026-11-18T17:00:00Z', hours_overdue: 30.2 },
    };
    const rescheduled = silentItem('rescheduled', 'medium', '2026-11-16T09:00:00Z');
    rescheduled.flag = {
      ...rescheduled.flag,
      kind: 'scheduling_stalled',
      action: 'schedule_next_round',
      details: { reason: 'rescheduled_twice', reschedules: 2 },
    };
    const digest = composeDigest(inputWith([promise, rescheduled]));
    expect(digest.sections.map((section) => section.lines[0].measure.text)).toEqual([
      'update promised by Wed 18 Nov, 30 hours overdue',
      'rescheduled twice',
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
