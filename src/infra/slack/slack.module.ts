import { Module } from '@nestjs/common';
import { SlackClient } from './slack-client';
import { SlackRateLimiter } from './slack-rate-limiter';
import { SlackUserCache } from './slack-user-cache';

// The Slack adapter for whoever delivers (the worker): the Web API client, its user cache and the
// rate limits it shares with other replicas. Needs AppConfigModule and QueueModule (REDIS_CONNECTION).
@Module({
  providers: [SlackUserCache, SlackRateLimiter, SlackClient],
  exports: [SlackClient, SlackRateLimiter],
})
export class SlackModule {}
