import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { createWorker } from './app/bootstrap';
import { exitOnStartupError } from './app/startup';

async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  await createWorker(config);
}

main().catch(exitOnStartupError);
