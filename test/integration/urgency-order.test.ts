import { randomUUID } from 'node:crypto';
import { FlagsRepository } from '../../src/attention/flags.repository';
import { DigestsService } from '../../src/digests/digests.service';
import { compareByUrgency, type UrgencyKey } from '../../src/policy/urgency';
import type { Severity } from '../../src/policy/types';
import { DigestFixtures } from '../support/digest-fixtures';
import { startTestApi, TestApi } from '../support/test-app';

// "Most urgent first" is defined once (policy/urgency.ts). The attention list's SQL (with its keyset
// pages), the flags repository and the digest must all give the order the in-memory comparison gives,
// ties included: many flags share a severity, many share a waiting_since, so the id decides.

const severities: Severity[] = ['urgent', 'high', 'medium', 'low'];
const kinds = [
  ['candidate_silent', 'send_keep_warm_update'],
  ['feedback_overdue', 'nudge_hiring_manager'],
] as const;

describe('one urgency order', () => {
  let api: TestApi;
  let db: DigestFixtures;
  const flags: Array<UrgencyKey & { kind: string }> = [];

  beforeAll(async () => {
    api = await startTestApi();
    db = await DigestFixtures.connect(api.database.url);
    await db.person({ id: 'rec_order', name: 'Ola Order', email: 'ola@example.com', timezone: 'UTC' });
    await db.job({ id: 'job_order', title: 'Orderly Engineer', recruiterId: 'rec_order' });
    for (let index = 0; index < 36; index += 1) {
      const applicationId = `app_order_${index}`;
      await db.application({ id: applicationId, jobId: 'job_order', candidateName: `Candidate ${index}` });
      const [kind, action] = kinds[index % kinds.length];
      const flag = {
        id: randomUUID(),
        kind,
        severity: severities[index % 3],
        // Three distinct clocks only: most flags tie with others on both severity and waiting_since.
        waitingSince: new Date(Date.UTC(2026, 10, 2 + (index % 3), 9)),
      };
      flags.push(flag);
      await db.flag({
        id: flag.id,
        applicationId,
        kind,
        action,
        severity: flag.severity,
        raisedAt: '2026-11-10T09:00:00Z',
        waitingSince: flag.waitingSince.toISOString(),
      });
    }
  });

  afterAll(async () => {
    await db?.close();
    await api?.close();
  });

  const expected = () => [...flags].sort(compareByUrgency).map((flag) => flag.id);

  it('pages through GET /v1/attention in the in-memory order, nothing repeated or lost', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const response = await api.request({ method: 'GET', url: `/v1/attention?limit=5${query}` });
      expect(response.status).toBe(200);
      const page = response.json<{ items: Array<{ flag: { id: string } }>; next_cursor: string | null }>();
      seen.push(...page.items.map((item) => item.flag.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected());
  });

  it('reads flags back in the same order from the flags repository', async () => {
    const read = await api.app.get(FlagsRepository).flagsByIds(flags.map((flag) => flag.id));
    expect(read.map((flag) => flag.id)).toEqual(expected());
  });

  it("lists the digest's entries in the same order, the most urgent up to the cap", async () => {
    const digest = await api.app
      .get(DigestsService)
      .composeFor('rec_order', '2026-11-20', new Date('2026-11-20T08:00:00Z'));
    const cap = api.config.policy.digest.max_candidates;
    // One flag per application here: each entry is ranked by its one reason.
    expect(digest!.entries.map((entry) => entry.reasons[0].flag_id)).toEqual(expected().slice(0, cap));
    expect(digest!.not_listed.candidates).toBe(flags.length - cap);
  });
});
