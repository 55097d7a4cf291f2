import { Inject, Injectable } from '@nestjs/common';
import type IORedis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS_CONNECTION } from '../queue/queue.constants';
import { slackKeyPrefix } from './slack-keys';

// Slack's limits, shared by every worker replica through Redis (docs.slack.dev/apis/web-api/rate-limits):
// chat.postMessage allows about one message per second per channel, and any method answering 429
// says in Retry-After how many seconds to send nothing more. A job asks `reserve` before it calls
// Slack; when the answer is "not yet", it is delayed that long (BullMQ moveToDelayed) instead of
// sleeping inside a worker. Time is Redis's own (key expiry), so replicas' clocks need not agree.

export const postMessageIntervalMs = 1000;

export type SlackReservation = { granted: true } | { granted: false; retryAfterMs: number };

// KEYS[1] the method's pause, KEYS[2] the channel's slot (absent: no per-channel limit);
// ARGV[1] the slot's length in ms. Answers 0 (go) or how many ms to wait.
const reserveScript = `
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return paused end
if KEYS[2] == nil then return 0 end
if redis.call('SET', KEYS[2], '1', 'PX', ARGV[1], 'NX') then return 0 end
local wait = redis.call('PTTL', KEYS[2])
if wait < 1 then return 1 end
return wait
`;

// KEYS[1] the method's pause; ARGV[1] its length in ms. A shorter Retry-After never shortens a longer one.
const pauseScript = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
`;

@Injectable()
export class SlackRateLimiter {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: IORedis,
    config: AppConfig,
  ) {
    this.prefix = slackKeyPrefix(config.env.queuePrefix);
  }

  /**
   * May `method` be called now (and, with a channel, take that channel's one-per-second slot)?
   * A grant takes the slot; a refusal says when to ask again.
   */
  async reserve(
    method: string,
    channel?: string,
    intervalMs = postMessageIntervalMs,
  ): Promise<SlackReservation> {
    const keys = [this.pauseKey(method)];
    if (channel !== undefined) keys.push(`${this.prefix}channel:${channel}`);
    const wait = Number(await this.redis.eval(reserveScript, keys.length, ...keys, String(intervalMs)));
    return wait <= 0 ? { granted: true } : { granted: false, retryAfterMs: wait };
  }

  /** Slack answered 429: nothing more for `method`, from any replica, for `retryAfterMs`. */
  async pause(method: string, retryAfterMs: number): Promise<void> {
    if (retryAfterMs <= 0) return;
    await this.redis.eval(pauseScript, 1, this.pauseKey(method), String(Math.ceil(retryAfterMs)));
  }

  private pauseKey(method: string): string {
    return `${this.prefix}pause:${method}`;
  }
}
