import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { closeOnSignals, exitOnStartupError } from './app/startup';

// `npm start`: the API and the worker in one process, for a single machine.
async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  // Loaded after validation: a wrong variable is reported at once, before Nest and every module load.
  const { createApi, createWorker } = await import('./app/bootstrap');
  const { apiStartupLine, combinedStartupLine, logStartup, workerStartupLine } =
    await import('./app/startup-line');
  const api = await createApi(config);
  const worker = await createWorker(config);
  // The API closes first: it stops taking webhooks and drains, then the worker finishes its jobs.
  closeOnSignals([api, worker], config.env.shutdownTimeoutMs);
  await api.listen({ port: config.env.port, host: config.env.host });
  logStartup(combinedStartupLine(apiStartupLine(config), workerStartupLine(worker, config)));
}

main().catch(exitOnStartupError);
