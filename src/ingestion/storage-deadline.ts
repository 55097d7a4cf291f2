import { isDatabaseUnavailable, ProblemError } from '../infra/http/problem';

// A hung PostgreSQL (connections open, nothing answering) must not hang the sender: past this deadline
// the answer is 503 + Retry-After. Pool waits are bounded too (data-source.ts), so this is the worst case.
const storageDeadlineMs = 1500;

/**
 * Runs storage work for a webhook delivery: PostgreSQL unreachable or hung, the sender gets
 * 503 + Retry-After and retries, and nothing is half-accepted.
 */
export async function withStorageDeadline<T>(work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(ProblemError.serviceUnavailable()), storageDeadlineMs);
  });
  const working = work();
  // Past the deadline its outcome has no one to answer; a late commit makes the sender's retry a duplicate.
  working.catch(() => undefined);
  try {
    return await Promise.race([working, deadline]);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw ProblemError.serviceUnavailable();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
