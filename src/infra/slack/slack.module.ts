import { DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { SlackClient } from './slack-client';
import { SLACK_INTERACTION_HANDLER, type SlackInteractionHandler } from './slack-interaction';
import { SlackInteractionsBodyParser, SlackInteractionsController } from './slack-interactions.controller';
import { SlackRateLimiter } from './slack-rate-limiter';
import { SlackRequestGuard } from './slack-request.guard';
import { SlackUserCache } from './slack-user-cache';

// The Slack adapter for whoever delivers (the worker): the Web API client, its user cache and the
// rate limits it shares with other replicas. Needs AppConfigModule and QueueModule (REDIS_CONNECTION).
@Module({
  providers: [SlackUserCache, SlackRateLimiter, SlackClient],
  exports: [SlackClient, SlackRateLimiter],
})
export class SlackModule {}

/**
 * POST /slack/interactions with the handler that acts on a press (the API). `imports` are the modules
 * the handler's own dependencies come from. Needs AppConfigModule and QueueModule (REDIS_CONNECTION).
 */
@Module({})
export class SlackInteractionsModule {
  static register(options: {
    handler: Type<SlackInteractionHandler>;
    imports?: ModuleMetadata['imports'];
  }): DynamicModule {
    return {
      module: SlackInteractionsModule,
      imports: options.imports ?? [],
      controllers: [SlackInteractionsController],
      providers: [
        SlackRequestGuard,
        SlackInteractionsBodyParser,
        { provide: SLACK_INTERACTION_HANDLER, useClass: options.handler },
      ],
    };
  }
}
