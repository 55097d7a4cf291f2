import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { closeOnSignals, exitOnStartupError } from './app/startup';

async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  // Loaded after validation: a wrong variable is reported at once, before Nest and every module load.
  const { createApi } = await import('./app/bootstrap');
  const { apiStartupLine, logStartup } = await import('./app/startup-line');
  const app = await createApi(config);
  closeOnSignals([app], config.env.shutdownTimeoutMs);
  await app.listen({ port: config.env.port, host: config.env.host });
  logStartup(apiStartupLine(config));
}

main().catch(exitOnStartupError);
