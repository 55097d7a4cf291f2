import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { createApi, createWorker } from './app/bootstrap';
import { exitOnStartupError } from './app/startup';

// `npm start`: the API and the worker in one process, for a single machine.
async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  const api = await createApi(config);
  await createWorker(config);
  await api.listen({ port: config.env.port, host: config.env.host });
}

main().catch(exitOnStartupError);
