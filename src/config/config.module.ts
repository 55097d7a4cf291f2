import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

// The entrypoints (and tests) build AppConfig first, so an invalid configuration stops the
// process before any module starts; the module only hands that object to the rest.
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
