import { DelayedError, type Job } from 'bullmq';

/**
 * Puts the job back, delayed by `delayMs`, without spending one of its attempts: for a wait that
 * is not a failure (Slack's one message per second per channel, a 429's Retry-After). The worker
 * is free for other jobs meanwhile. Call from a processor with the lock token BullMQ handed it;
 * the DelayedError it throws tells the worker the job was moved, not failed.
 */
export async function postponeJob(job: Job, token: string | undefined, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(0, Math.ceil(delayMs)), token);
  throw new DelayedError();
}
