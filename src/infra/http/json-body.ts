import type { FastifyInstance, FastifyRequest } from 'fastify';

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Marks a webhook body that is not valid JSON: an authentic one still reaches the handler, to be quarantined. */
export class UnparseableJson {
  constructor(readonly reason: string) {}
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

/**
 * One JSON parser for every route that keeps the raw bytes (HMAC checks sign exactly what was sent,
 * never a re-serialisation). Nest's own raw-body parser answers malformed JSON with a 400 before
 * any handler runs; webhooks need to verify the signature first and keep authentic garbage in quarantine.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  // Only JSON is accepted anywhere: every other content type answers 415.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(;.*)?$/i,
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
      request.rawBody = body;
      const isWebhook = request.url.startsWith('/webhooks/');
      if (body.length === 0) {
        done(null, isWebhook ? new UnparseableJson('empty body') : undefined);
        return;
      }
      try {
        done(null, JSON.parse(body.toString('utf8')));
      } catch (error) {
        if (isWebhook) {
          done(null, new UnparseableJson(`invalid JSON: ${(error as Error).message}`));
          return;
        }
        const invalid = new Error('The request body is not valid JSON') as Error & {
          statusCode: number;
          code: string;
        };
        invalid.statusCode = 400;
        invalid.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
        done(invalid);
      }
    },
  );
}
