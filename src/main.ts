import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { createApi } from './app/bootstrap';
import { exitOnStartupError } from './app/startup';

async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment();
  const app = await createApi(config);
  await app.listen({ port: config.env.port, host: config.env.host });
}

main().catch(exitOnStartupError);
