import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { closeOnSignals, exitOnStartupError } from './app/startup';

async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  // Loaded after validation: a wrong variable is reported at once, before Nest and every module load.
  const { createWorker } = await import('./app/bootstrap');
  const { logStartup, workerStartupLine } = await import('./app/startup-line');
  const worker = await createWorker(config);
  closeOnSignals([worker], config.env.shutdownTimeoutMs);
  logStartup(workerStartupLine(worker, config));
}

main().catch(exitOnStartupError);
