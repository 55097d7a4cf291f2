import { Test } from '@nestjs/testing';
import { Injectable } from '@nestjs/common';
import { defaultPolicy } from '../policy/policy';
import { AppConfig } from './app-config';
import { AppConfigModule } from './config.module';
import { ConfigError } from './config-error';

@Injectable()
class NeedsConfig {
  constructor(readonly config: AppConfig) {}
}

describe('AppConfig', () => {
  it('builds the environment and the default policy', () => {
    const config = AppConfig.fromEnvironment({ PORT: '4000' });
    expect(config.env.port).toBe(4000);
    expect(config.policy).toEqual(defaultPolicy);
  });

  it('stops on a missing policy file', () => {
    expect(() => AppConfig.fromEnvironment({ POLICY_FILE: '/nonexistent/policy.yaml' })).toThrow(ConfigError);
  });

  it('is provided globally by AppConfigModule.forRoot', async () => {
    const config = AppConfig.fromEnvironment({});
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config)],
      providers: [NeedsConfig],
    }).compile();
    expect(moduleRef.get(NeedsConfig).config).toBe(config);
  });
});
