import { Injectable, Logger } from '@nestjs/common';
import { LogLevel, WebClient, type KnownBlock, type Logger as SlackLogger } from '@slack/web-api';
import { AppConfig } from '../../config/app-config';
import {
  classifySlackError,
  failureForCode,
  rateLimited,
  requestFailure,
  retryAfterHeaderMs,
  type SlackFailure,
  type SlackOutcome,
} from './slack-outcome';
import { SlackRateLimiter } from './slack-rate-limiter';
import { SlackUserCache } from './slack-user-cache';

// The Slack Web API adapter, on Slack's own client (@slack/web-api; methods at `${SLACK_API_URL}${method}`,
// form-encoded with the bearer token). The client's own retries are off and a 429 rejects at once:
// BullMQ owns retries, so a timed-out chat.postMessage is not silently posted a second time by a
// retry inside one attempt, and a Retry-After delays one job instead of stalling every call of the worker.

/** What a message says: `text` is the notification and screen-reader line, `blocks` the Block Kit body. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** A posted message: `channel` is the DM's D… id (not the user's U… id), as chat.update needs. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface SlackUser {
  userId: string;
}

export const slackMethods = {
  lookupByEmail: 'users.lookupByEmail',
  postMessage: 'chat.postMessage',
  update: 'chat.update',
} as const;

@Injectable()
export class SlackClient {
  private readonly web: WebClient | undefined;
  private readonly timeoutMs: number;

  constructor(
    config: AppConfig,
    private readonly users: SlackUserCache,
    private readonly limiter: SlackRateLimiter,
  ) {
    const token = config.env.slackBotToken;
    this.timeoutMs = config.env.slackTimeoutMs;
    this.web =
      token === undefined
        ? undefined
        : new WebClient(token, {
            slackApiUrl: config.env.slackApiUrl,
            rejectRateLimitedCalls: true,
            retryConfig: { retries: 0 },
            timeout: this.timeoutMs,
            logger: new SdkLogger(),
          });
  }

  /** False when SLACK_BOT_TOKEN is unset: nothing is sent to Slack and the callers plan no Slack message. */
  get enabled(): boolean {
    return this.web !== undefined;
  }

  /** The Slack user behind a directory address (users.lookupByEmail), remembered with expiry, found or not. */
  async findUserByEmail(email: string): Promise<SlackOutcome<SlackUser>> {
    const cached = await this.users.get(email);
    if (cached?.found === true) return { ok: true, value: { userId: cached.userId } };
    if (cached?.found === false) return { ok: false, kind: 'not_found', error: 'users_not_found' };
    const answer = await this.call(slackMethods.lookupByEmail, undefined, (web) =>
      web.users.lookupByEmail({ email: email.trim() }),
    );
    if (!answer.ok) {
      if (answer.kind === 'not_found') await this.users.rememberMissing(email);
      return answer;
    }
    const user = answer.value.user;
    if (typeof user?.id !== 'string' || user.deleted === true) {
      await this.users.rememberMissing(email);
      return {
        ok: false,
        kind: 'not_found',
        error: user?.deleted === true ? 'user_deleted' : 'users_not_found',
      };
    }
    await this.users.rememberFound(email, user.id);
    return { ok: true, value: { userId: user.id } };
  }

  /** Forgets what was remembered about an address (the directory changed it). */
  async forgetUser(email: string): Promise<void> {
    await this.users.forget(email);
  }

  /**
   * A direct message from the app (chat.postMessage with the user's id as channel), at most one per
   * second per recipient across replicas. "rate_limited" says how long to wait before asking again.
   */
  async postDirectMessage(userId: string, message: SlackMessage): Promise<SlackOutcome<SlackMessageRef>> {
    const answer = await this.call(slackMethods.postMessage, userId, (web) =>
      web.chat.postMessage({
        channel: userId,
        text: message.text,
        blocks: message.blocks,
        // A link to the desk should stay a link, not grow a preview card under every alert.
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    return answer.ok ? messageRef(answer.value) : answer;
  }

  /** Rewrites a posted message (chat.update with the DM's D… channel and the message's ts). */
  async updateMessage(ref: SlackMessageRef, message: SlackMessage): Promise<SlackOutcome<SlackMessageRef>> {
    const answer = await this.call(slackMethods.update, undefined, (web) =>
      web.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks ?? [] }),
    );
    return answer.ok ? messageRef(answer.value) : answer;
  }

  /**
   * Replaces the message a button was pressed on, through the press's response_url (JSON with
   * replace_original). The URL is a credential of its own: it is never logged.
   */
  async replaceOriginal(responseUrl: string, message: SlackMessage): Promise<SlackOutcome<null>> {
    if (!this.enabled) throw notConfigured();
    let response: Response;
    try {
      response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ replace_original: true, text: message.text, blocks: message.blocks ?? [] }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
    } catch (error) {
      return requestFailure(error);
    }
    if (response.status >= 200 && response.status < 300) return { ok: true, value: null };
    if (response.status === 429) return rateLimited(retryAfterHeaderMs(response.headers.get('retry-after')));
    if (response.status >= 500) return { ok: false, kind: 'retryable', error: `http_${response.status}` };
    // A response_url serves a few answers within half an hour; after that it is gone for good.
    return { ok: false, kind: 'rejected', error: `http_${response.status}` };
  }

  private async call<T>(
    method: string,
    channel: string | undefined,
    send: (web: WebClient) => Promise<T>,
  ): Promise<SlackOutcome<T>> {
    const web = this.web;
    if (web === undefined) throw notConfigured();
    const reservation = await this.limiter.reserve(method, channel);
    if (!reservation.granted) return rateLimited(reservation.retryAfterMs, 'paced');
    let failure: SlackFailure;
    try {
      return { ok: true, value: await send(web) };
    } catch (error) {
      failure = classifySlackError(error);
    }
    if (failure.kind === 'rate_limited') await this.limiter.pause(method, failure.retryAfterMs);
    return failure;
  }
}

function messageRef(answer: { channel?: string; ts?: string }): SlackOutcome<SlackMessageRef> {
  if (typeof answer.channel !== 'string' || typeof answer.ts !== 'string')
    return failureForCode('unexpected_response');
  return { ok: true, value: { channel: answer.channel, ts: answer.ts } };
}

function notConfigured(): Error {
  return new Error('Slack is not configured (SLACK_BOT_TOKEN is unset): check SlackClient.enabled first');
}

/**
 * The SDK's log lines through Nest's logger, warnings and errors only: at debug it would write
 * request bodies, which hold message text. Its warnings name methods and Slack's warning codes.
 */
class SdkLogger implements SlackLogger {
  private readonly logger = new Logger('SlackWebClient');

  debug(): void {}
  info(): void {}
  warn(...message: unknown[]): void {
    this.logger.warn(message.map(String).join(' '));
  }
  error(...message: unknown[]): void {
    this.logger.error(message.map(String).join(' '));
  }
  setLevel(): void {}
  getLevel(): LogLevel {
    return LogLevel.WARN;
  }
  setName(): void {}
}
