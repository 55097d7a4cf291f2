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
        const text = body.toString('utf8');
        const parsed: unknown = JSON.parse(text);
        // PostgreSQL cannot store NUL or lone surrogates in text or jsonb: such a payload is malformed (400), not a 500.
        if (suspiciousEscape.test(text) && containsUnstorable(parsed))
          throw new Error('strings must not contain NUL (\\u0000) or unpaired surrogates');
        done(null, parsed);
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

// Only escapes can smuggle these in: a UTF-8 decode never yields them from raw bytes (NUL bytes fail JSON.parse).
const suspiciousEscape = /\\u(?:0000|[dD][89a-fA-F])/;
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function containsUnstorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return unstorable.test(value);
  if (depth > 10_000 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => containsUnstorable(item, depth + 1));
  return Object.entries(value).some(
    ([key, item]) => unstorable.test(key) || containsUnstorable(item, depth + 1),
  );
}
