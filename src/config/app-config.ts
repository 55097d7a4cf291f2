import type { Policy } from '../policy/policy';
import { Env, loadEnv } from './env';
import { loadPolicy } from './policy-file';

/** The validated environment and policy, built once before the application starts. */
export class AppConfig {
  constructor(
    readonly env: Env,
    readonly policy: Policy,
  ) {}

  /** Throws ConfigError naming the variable or policy key when anything is invalid. */
  static fromEnvironment(source: NodeJS.ProcessEnv = process.env): AppConfig {
    const env = loadEnv(source);
    return new AppConfig(env, loadPolicy(env.policyFile));
  }
}
