import 'reflect-metadata';
import { createWorker } from '../../src/app/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { DigestsService } from '../../src/digests/digests.service';

// The worker entrypoint (as dist/worker.js) plus a hook for the test: on {race: n} it also runs the
// scheduled digest pass n times at once, so two processes hit the unique constraint together.

async function main(): Promise<void> {
  const worker = await createWorker(AppConfig.fromEnvironment());
  const digests = worker.get(DigestsService, { strict: false });
  process.on('message', (message: { race?: number; stop?: boolean }) => {
    if (message.race) {
      void Promise.all(Array.from({ length: message.race }, () => digests.queueDue(new Date()))).then(
        (summaries) => process.send?.({ raced: summaries }),
        (error: Error) => process.send?.({ error: error.message }),
      );
    }
    if (message.stop) void worker.close().then(() => process.exit(0));
  });
  process.send?.({ ready: true });
}

main().catch((error: Error) => {
  process.send?.({ error: error.stack ?? error.message });
  process.exit(1);
});
