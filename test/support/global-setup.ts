import { randomBytes } from 'node:crypto';

// One run id per `jest` invocation: every database and Redis prefix of this run starts with it,
// so the teardown can drop them all and parallel runs never meet.
export default async function globalSetup(): Promise<void> {
  process.env.KEEPWARM_TEST_RUN ??= `kwt_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
