import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { AppConfig } from '../config/app-config';
import { ProblemError } from '../infra/http/problem';
import { UnparseableJson } from '../infra/http/json-body';
import { IngestionService, replayedToken } from './ingestion.service';
import { readCanonical, type ReadResult } from './payload-readers';
import { VendorReaders } from './vendor-readers';
import type { WebhookAnswer } from './webhooks.api';
import {
  isRecord,
  verifyAshbySignature,
  verifyGreenhouseSignature,
  verifyLeverSignature,
  type LeverSignatureFailure,
} from './vendors';

type HeaderMap = Record<string, string | string[] | undefined>;

/** How a delivery is named in answers and in quarantine. */
interface Delivery {
  source: string;
  /** What the 400 detail calls the body: "event" for canonical deliveries, "<vendor> payload" otherwise. */
  noun: string;
  deliveryId: string | null;
  rawBody: Buffer;
  /** Lever's single-use token, recorded with whatever the delivery stores. */
  replayToken?: string;
}

const leverFailures: Record<LeverSignatureFailure, string> = {
  missing: 'The Lever signature fields token, triggeredAt and signature are missing or malformed.',
  mismatch: 'The Lever signature does not match any configured LEVER_SIGNATURE_TOKEN.',
  expired: 'The Lever delivery is outside the 14-day window (triggeredAt).',
};

/**
 * The routes, their headers, bodies and answers are described in webhooks.api.ts (/docs).
 * The controller verifies, stores, answers (docs/architecture.md). Heavy work happens in the sweep and the workers.
 * Every endpoint verifies its sender's signature first; what follows is shared: unreadable bodies go
 * to quarantine (400), unused types are ignored (200), events are stored and applied (200). Greenhouse
 * treats anything but 200 as a failure, so every success answers 200.
 */
@Controller('webhooks')
export class WebhooksController {
  private readonly canonicalVerifier: Webhook | null;

  constructor(
    private readonly config: AppConfig,
    private readonly ingestion: IngestionService,
    private readonly vendorReaders: VendorReaders,
  ) {
    this.canonicalVerifier = config.env.webhookSecret ? new Webhook(config.env.webhookSecret) : null;
  }

  @Post('events')
  @HttpCode(200)
  async canonical(
    @Req() request: FastifyRequest,
    @Headers() headers: Record<string, string>,
  ): Promise<WebhookAnswer> {
    if (!this.canonicalVerifier) throw notConfigured('events', 'WEBHOOK_SECRET');
    const rawBody = request.rawBody ?? Buffer.alloc(0);
    try {
      this.canonicalVerifier.verify(rawBody, headers, { jsonParse: false });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        throw ProblemError.unauthorized(`Webhook signature rejected: ${error.message}.`, 'invalid-signature');
      }
      throw error;
    }
    const delivery = {
      source: 'canonical',
      noun: 'event',
      deliveryId: headers['webhook-id'] ?? null,
      rawBody,
    };
    return this.answer(delivery, request.body, (body) =>
      readCanonical(body, { ...delivery, receivedAt: new Date() }),
    );
  }

  @Post('greenhouse')
  @HttpCode(200)
  async greenhouse(@Req() request: FastifyRequest, @Headers() headers: HeaderMap): Promise<WebhookAnswer> {
    const secret = this.config.env.greenhouseSecret;
    if (!secret) throw notConfigured('greenhouse', 'GREENHOUSE_SECRET');
    const rawBody = request.rawBody ?? Buffer.alloc(0);
    // Over the bytes as sent: Greenhouse escapes unicode (\u003cp\u003e) before signing.
    if (!verifyGreenhouseSignature(rawBody, headerValue(headers, 'signature'), secret)) {
      throw invalidSignature(
        'The Signature header is missing or does not match the body (sha256 <hex HMAC>).',
      );
    }
    // Greenhouse-Event-ID names the delivery; without it the body's digest keeps redeliveries apart.
    const deliveryId =
      headerValue(headers, 'greenhouse-event-id') ??
      `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
    const receivedAt = new Date();
    return this.answer(
      { source: 'greenhouse', noun: 'greenhouse payload', deliveryId, rawBody },
      request.body,
      (body) => this.vendorReaders.greenhouse(body, { deliveryId, receivedAt }),
    );
  }

  @Post('lever')
  @HttpCode(200)
  async lever(@Req() request: FastifyRequest): Promise<WebhookAnswer> {
    const tokens = this.config.env.leverSignatureTokens;
    if (tokens.length === 0) throw notConfigured('lever', 'LEVER_SIGNATURE_TOKEN');
    const rawBody = request.rawBody ?? Buffer.alloc(0);
    const body: unknown = request.body;
    // Lever signs token + triggeredAt, fields of the body: a body that is not JSON cannot be authenticated.
    if (!isRecord(body)) throw invalidSignature(leverFailures.missing);
    const receivedAt = new Date();
    const check = verifyLeverSignature(body, tokens, receivedAt);
    // Lever's "test your webhook URL" sends a sample with empty `data` whose documented signature is not
    // even hex: answer it 200 like a ping so the customer sees success. It stores and changes nothing.
    if (!check.valid && isLeverTestDelivery(body)) return { status: 'accepted', events: 0 };
    if (!check.valid) throw invalidSignature(leverFailures[check.reason]);
    const token = body.token as string;
    if (await this.ingestion.isReplayTokenUsed('lever', token)) throw replayedToken();
    const deliveryId = typeof body.id === 'string' && body.id !== '' ? body.id : token;
    return this.answer(
      { source: 'lever', noun: 'lever payload', deliveryId, rawBody, replayToken: token },
      body,
      (parsed) => this.vendorReaders.lever(parsed, { deliveryId, receivedAt }),
    );
  }

  @Post('ashby')
  @HttpCode(200)
  async ashby(@Req() request: FastifyRequest, @Headers() headers: HeaderMap): Promise<WebhookAnswer> {
    const secret = this.config.env.ashbySecret;
    if (!secret) throw notConfigured('ashby', 'ASHBY_SECRET');
    const rawBody = request.rawBody ?? Buffer.alloc(0);
    if (!verifyAshbySignature(rawBody, headerValue(headers, 'ashby-signature'), secret)) {
      throw invalidSignature(
        'The Ashby-Signature header is missing or does not match the body (sha256=<hex HMAC>).',
      );
    }
    const body: unknown = request.body;
    // Related webhooks share a webhookActionId; the adapter's event ids dedupe them, this only names the delivery.
    const actionId = isRecord(body) ? body.webhookActionId : undefined;
    const action = isRecord(body) ? body.action : undefined;
    const deliveryId =
      typeof actionId === 'string' && typeof action === 'string' ? `${actionId}:${action}` : null;
    const receivedAt = new Date();
    return this.answer({ source: 'ashby', noun: 'ashby payload', deliveryId, rawBody }, body, (parsed) =>
      this.vendorReaders.ashby(parsed, { deliveryId, receivedAt }),
    );
  }

  /** Everything after authentication: quarantine, ignore, or store and apply. */
  private async answer(
    delivery: Delivery,
    body: unknown,
    read: (body: unknown) => ReadResult | Promise<ReadResult>,
  ): Promise<WebhookAnswer> {
    const options = { replayToken: delivery.replayToken };
    if (body instanceof UnparseableJson || body === undefined) {
      const reason = body instanceof UnparseableJson ? body.reason : 'empty body';
      const errors = [{ path: '(root)', message: reason }];
      await this.ingestion.quarantine(
        delivery.source,
        delivery.deliveryId,
        delivery.rawBody,
        reason,
        errors,
        options,
      );
      throw ProblemError.badRequest(
        `The payload is not a JSON ${delivery.noun === 'event' ? 'event' : 'document'} (${reason}); it was kept in quarantine.`,
        errors,
        'malformed-payload',
      );
    }
    const result = await read(body);
    switch (result.kind) {
      case 'ping':
        // The vendor checks the endpoint when a webhook is saved: answer 200 or it is created disabled.
        if (delivery.replayToken) await this.ingestion.useReplayToken(delivery.source, delivery.replayToken);
        return { status: 'accepted', events: 0 };
      case 'ignored':
        if (delivery.replayToken) await this.ingestion.useReplayToken(delivery.source, delivery.replayToken);
        return { status: 'ignored', reason: result.reason };
      case 'invalid':
        await this.ingestion.quarantine(
          delivery.source,
          delivery.deliveryId,
          delivery.rawBody,
          result.reason,
          result.errors,
          options,
        );
        throw ProblemError.badRequest(
          `The ${delivery.noun} is not valid: ${result.errors
            .map((e) => `${e.path}: ${e.message}`)
            .slice(0, 5)
            .join('; ')}. It was kept in quarantine.`,
          result.errors,
          delivery.noun === 'event' ? 'invalid-event' : 'invalid-payload',
        );
      case 'events':
        return this.ingestion.ingest(delivery.source, result.events, new Date(), options);
    }
  }
}

export function notConfigured(endpoint: string, variable: string): ProblemError {
  return ProblemError.notFound(
    `The ${endpoint} webhook endpoint is not configured (${variable} is unset).`,
    'endpoint-not-configured',
  );
}

function invalidSignature(detail: string): ProblemError {
  return ProblemError.unauthorized(detail, 'invalid-signature');
}

function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

function isLeverTestDelivery(body: Record<string, unknown>): boolean {
  const data = body.data;
  return typeof body.event === 'string' && isRecord(data) && Object.keys(data).length === 0;
}
