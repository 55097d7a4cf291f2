import { application, event, job } from '../events';
import { postApi, postCanonical, TimedResponse } from './http';
import type { PrivatePostgres } from './private-postgres';
import { sleep, waitFor } from './ports';

// Work for the workers: canonical applications silent for a month, so that a sweep writes one
// keep_warm update per application to the outbox (with an any-time send window, see policy.ts).

export async function seedSilentApplications(baseUrl: string, prefix: string, count: number): Promise<void> {
  const longAgo = new Date(Date.now() - 30 * 24 * 3600_000);
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, (_, offset) => start + offset);
    const answers = await Promise.all(
      batch.map((index) =>
        deliverLikeAnAts(() =>
          postCanonical(
            baseUrl,
            event(
              'application.created',
              {
                application: application({
                  id: `${prefix}_${index}`,
                  candidate: {
                    id: `${prefix}_cand_${index}`,
                    name: `Candidate ${prefix} ${index}`,
                    email: `${prefix}.${index}@candidates.example`,
                    timezone: 'UTC',
                  },
                  job: job({ id: `${prefix}_job` }),
                }),
              },
              longAgo,
            ),
          ),
        ),
      ),
    );
    for (const answer of answers) {
      if (answer.status !== 200) throw new Error(`seeding answered ${answer.status}: ${answer.body}`);
    }
  }
}

/** Retries 503 (load shed, storage unavailable) after a short pause, as an ATS retries; counts the retries. */
export const shedRetries = { count: 0 };
async function deliverLikeAnAts(send: () => Promise<TimedResponse>): Promise<TimedResponse> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (response.status !== 503 || attempt >= 5) return response;
    shedRetries.count += 1;
    await sleep(500);
  }
}

/** Runs a sweep through the API (PostgreSQL only). */
export async function sweepNow(baseUrl: string): Promise<void> {
  const response = await postApi(baseUrl, '/v1/scans');
  if (response.status !== 200)
    throw new Error(`POST /v1/scans answered ${response.status}: ${response.body}`);
}

export async function notificationStatuses(
  postgres: PrivatePostgres,
  prefix: string,
): Promise<Record<string, number>> {
  const rows = await postgres.query<{ status: string; count: string }>(
    'keepwarm',
    `SELECT status, count(*) FROM notifications WHERE application_id LIKE $1 GROUP BY status`,
    [`${prefix}\\_%`],
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

export async function waitForStatuses(
  postgres: PrivatePostgres,
  prefix: string,
  expected: Record<string, number>,
  timeoutMs: number,
): Promise<Record<string, number>> {
  let last: Record<string, number> = {};
  try {
    return await waitFor(
      `notifications of ${prefix} to reach ${JSON.stringify(expected)}`,
      async () => {
        last = await notificationStatuses(postgres, prefix);
        return Object.entries(expected).every(([status, count]) => (last[status] ?? 0) === count)
          ? last
          : undefined;
      },
      timeoutMs,
      200,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last)}`);
  }
}
