import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { AppConfig } from '../config/app-config';
import { ProblemError } from '../infra/http/problem';
import { UnparseableJson } from '../infra/http/json-body';
import { parseCanonicalEvent } from './canonical/canonical-event.schema';
import { IngestAnswer, IngestionService } from './ingestion.service';

export type WebhookAnswer = IngestAnswer | { status: 'ignored'; reason: string };

/** The controller verifies, stores, answers (STYLE.md). Heavy work happens in the sweep and the workers. */
@Controller('webhooks')
export class WebhooksController {
  private readonly canonicalVerifier: Webhook | null;

  constructor(
    private readonly config: AppConfig,
    private readonly ingestion: IngestionService,
  ) {
    this.canonicalVerifier = config.env.webhookSecret ? new Webhook(config.env.webhookSecret) : null;
  }

  @Post('events')
  @HttpCode(200)
  @ApiExcludeEndpoint()
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
    const deliveryId = headers['webhook-id'] ?? null;
    const body = request.body;
    if (body instanceof UnparseableJson || body === undefined) {
      const reason = body instanceof UnparseableJson ? body.reason : 'empty body';
      await this.ingestion.quarantine('canonical', deliveryId, rawBody, reason, [
        { path: '(root)', message: reason },
      ]);
      throw ProblemError.badRequest(
        `The payload is not a JSON event (${reason}); it was kept in quarantine.`,
        [{ path: '(root)', message: reason }],
        'malformed-payload',
      );
    }
    const parsed = parseCanonicalEvent(body);
    if (parsed.kind === 'unknown_type')
      return { status: 'ignored', reason: `event type ${parsed.type} is not used by keepwarm` };
    if (parsed.kind === 'invalid') {
      await this.ingestion.quarantine(
        'canonical',
        deliveryId,
        rawBody,
        'schema validation failed',
        parsed.errors,
      );
      throw ProblemError.badRequest(
        `The event is not valid: ${parsed.errors
          .map((e) => `${e.path}: ${e.message}`)
          .slice(0, 5)
          .join('; ')}. It was kept in quarantine.`,
        parsed.errors,
        'invalid-event',
      );
    }
    return this.ingestion.ingest('canonical', [{ event: parsed.event }]);
  }
}

export function notConfigured(endpoint: string, variable: string): ProblemError {
  return ProblemError.notFound(
    `The ${endpoint} webhook endpoint is not configured (${variable} is unset).`,
    'endpoint-not-configured',
  );
}
