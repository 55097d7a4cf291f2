import { Inject, Injectable } from '@nestjs/common';
import type IORedis from 'ioredis';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { REDIS_CONNECTION } from '../queue/queue.constants';
import { slackKeyPrefix } from './slack-keys';

// users.lookupByEmail answers, remembered across replicas (Tier 3: about 50 calls a minute per
// workspace, docs.slack.dev/apis/web-api/rate-limits). "No such user" is remembered too, for less
// time: someone who joins Slack today should get their alerts there without a restart. Keys hold a
// digest of the address, never the address; and of the token, so a new workspace starts afresh.

export type CachedSlackUser = { found: true; userId: string } | { found: false };

const missing = '-';

@Injectable()
export class SlackUserCache {
  private readonly prefix: string;
  private readonly foundTtlMs: number;
  private readonly missingTtlMs: number;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: IORedis,
    config: AppConfig,
  ) {
    const workspace = digest(config.env.slackBotToken ?? '').slice(0, 16);
    this.prefix = `${slackKeyPrefix(config.env.queuePrefix)}user:${workspace}:`;
    this.foundTtlMs = config.env.slackUserCacheTtlMs;
    this.missingTtlMs = config.env.slackUserMissTtlMs;
  }

  /** undefined: not known (never asked, or the answer expired). */
  async get(email: string): Promise<CachedSlackUser | undefined> {
    const value = await this.redis.get(this.key(email));
    if (value === null) return undefined;
    return value === missing ? { found: false } : { found: true, userId: value };
  }

  async rememberFound(email: string, userId: string): Promise<void> {
    await this.redis.set(this.key(email), userId, 'PX', this.foundTtlMs);
  }

  async rememberMissing(email: string): Promise<void> {
    await this.redis.set(this.key(email), missing, 'PX', this.missingTtlMs);
  }

  async forget(email: string): Promise<void> {
    await this.redis.del(this.key(email));
  }

  private key(email: string): string {
    return `${this.prefix}${digest(normalizeEmail(email))}`;
  }
}

/** One person's address written with other capitals or spaces is one cache entry (domains ignore case; mailboxes almost always do). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
