import { z } from 'zod';
import {
  canonicalDataSchemas,
  type CanonicalEventType,
  canonicalEventTypes,
  envelopeSchema,
} from '../canonical/canonical-event.schema';
import { problemAnswer, type ApiRoute } from '../infra/http/openapi';

// The webhook endpoints in /docs: their signature headers, bodies and every answer of the status
// table in docs/contract.md ("Webhooks"). The canonical body is built from the schemas that
// validate it (canonical/canonical-event.schema.ts); vendor bodies are the vendor's own JSON.

export const webhookAnswer = z
  .union([
    z.object({ status: z.literal('accepted'), events: z.number().int().min(0) }).meta({
      description: 'Stored and applied (a vendor ping or test: events 0)',
    }),
    z.object({ status: z.literal('duplicate') }).meta({ description: 'Already stored; nothing changed' }),
    z.object({ status: z.literal('ignored'), reason: z.string() }).meta({
      description: 'Authentic and well-formed, of a type keepwarm does not use',
    }),
  ])
  .meta({ id: 'WebhookAnswer' });
export type WebhookAnswer = z.output<typeof webhookAnswer>;

const pascalCase = (type: string): string =>
  type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

const eventOf = (type: CanonicalEventType) =>
  envelopeSchema
    .extend({
      id: envelopeSchema.shape.id.meta({
        description: 'Unique per event: the dedupe key',
        example: 'evt_123',
      }),
      type: z.literal(type),
      occurred_at: envelopeSchema.shape.occurred_at.meta({
        description: 'When it happened in the ATS (RFC 3339), which may be long before delivery',
      }),
      data: canonicalDataSchemas[type],
    })
    .meta({ id: `${pascalCase(type)}Event` });

/** One canonical event, by type. */
export const canonicalEvent = z
  .discriminatedUnion(
    'type',
    canonicalEventTypes.map(eventOf) as unknown as [
      ReturnType<typeof eventOf>,
      ...ReturnType<typeof eventOf>[],
    ],
  )
  .meta({
    id: 'CanonicalEvent',
    description:
      'One event. Unknown extra fields are ignored; an event of another type is answered 200 ignored; an event ' +
      'about an application keepwarm has not seen yet is stored and applied when the application arrives.',
  });

/** The status table of docs/contract.md, for an endpoint whose secret is `secret`. */
function webhookAnswers(secret: string): ApiRoute['responses'] {
  return {
    200: {
      description:
        'accepted: stored and applied (durable in PostgreSQL); duplicate: already stored; ignored: a type keepwarm does not use',
      content: {
        'application/json': {
          schema: webhookAnswer,
          examples: {
            accepted: { value: { status: 'accepted', events: 1 } },
            duplicate: { value: { status: 'duplicate' } },
            ignored: {
              value: { status: 'ignored', reason: 'event type offer.extended is not used by keepwarm' },
            },
          },
        },
      },
    },
    400: problemAnswer(
      'Authentic but malformed, naming the bad fields (errors: [{path, message}]); kept in quarantine',
    ),
    401: problemAnswer('Signature missing or wrong, or timestamp outside its window'),
    404: problemAnswer(`Endpoint not configured: ${secret} is unset`),
    413: problemAnswer('The body is larger than 1 MiB'),
    415: problemAnswer('The body is not JSON'),
    429: problemAnswer('Over WEBHOOK_RATE_LIMIT requests per minute from this address', { retry: true }),
    503: problemAnswer('Storage is unavailable; retry later', { retry: true }),
  };
}

const vendorBody = (description: string, shape: z.ZodRawShape = {}) => ({
  required: true,
  content: { 'application/json': { schema: z.looseObject(shape).meta({ description }) } },
});

export const webhooksRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/webhooks/events',
    tags: ['webhooks'],
    summary: 'Canonical keepwarm events',
    description:
      'Signed per Standard Webhooks: the signature is the base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{raw body}" ' +
      'keyed with the base64-decoded WEBHOOK_SECRET after "whsec_"; the timestamp must be within 5 minutes.',
    externalDocs: { url: 'https://www.standardwebhooks.com/', description: 'Standard Webhooks' },
    request: {
      headers: z.object({
        'webhook-id': z.string().meta({ description: 'The delivery id', example: 'msg_0001' }),
        'webhook-timestamp': z.string().meta({ description: 'Unix seconds', example: '1795186245' }),
        'webhook-signature': z.string().meta({
          description: 'v1,<base64 signature>; several may be given, separated by spaces',
          example: 'v1,3q2+7w0RkY6Jr8l5o7n2bVq3Y1m9Xc4Zt0Hs6Ue8WfA=',
        }),
      }),
      body: { required: true, content: { 'application/json': { schema: canonicalEvent } } },
    },
    responses: webhookAnswers('WEBHOOK_SECRET'),
  },
  {
    method: 'post',
    path: '/webhooks/greenhouse',
    tags: ['webhooks'],
    summary: "Greenhouse's webhooks",
    description:
      "Greenhouse's own payloads, mapped to canonical events; its ping answers 200. Every success answers 200 " +
      '(Greenhouse treats anything else as a failure).',
    externalDocs: {
      url: 'https://developers.greenhouse.io/webhooks.html',
      description: 'Greenhouse webhooks',
    },
    request: {
      headers: z.object({
        Signature: z.string().meta({
          description: 'sha256 <hex HMAC-SHA256 of the raw body, keyed with GREENHOUSE_SECRET>',
          example: 'sha256 2a1c6f0e5b0d4c8e9f7a3b2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f',
        }),
        'Greenhouse-Event-ID': z
          .string()
          .optional()
          .meta({ description: 'Names the delivery (redeliveries keep it)' }),
      }),
      body: vendorBody('A Greenhouse webhook payload ({ action, payload }) as Greenhouse documents it', {
        action: z.string().meta({ example: 'new_candidate_application' }),
      }),
    },
    responses: webhookAnswers('GREENHOUSE_SECRET'),
  },
  {
    method: 'post',
    path: '/webhooks/lever',
    tags: ['webhooks'],
    summary: "Lever's webhooks",
    description:
      "Lever's own payloads, mapped to canonical events. Lever signs token + triggeredAt (fields of the body) with " +
      'one of the LEVER_SIGNATURE_TOKEN values, not the body: each token is accepted once (a reused one is a ' +
      'replay: 401) and triggeredAt must be within 14 days. Lever\'s "test your webhook URL" request answers 200.',
    externalDocs: {
      url: 'https://hire.lever.co/developer/documentation#webhooks',
      description: 'Lever webhooks',
    },
    request: {
      body: vendorBody('A Lever webhook payload as Lever documents it', {
        event: z.string().meta({ example: 'candidateStageChange' }),
        token: z.string().meta({ description: 'Single use; signed' }),
        triggeredAt: z.number().int().meta({ description: 'Unix milliseconds; signed' }),
        signature: z.string().meta({ description: 'hex HMAC-SHA256 of token + triggeredAt' }),
        data: z.looseObject({}),
      }),
    },
    responses: webhookAnswers('LEVER_SIGNATURE_TOKEN'),
  },
  {
    method: 'post',
    path: '/webhooks/ashby',
    tags: ['webhooks'],
    summary: "Ashby's webhooks",
    description: "Ashby's own payloads, mapped to canonical events; its ping answers 200.",
    externalDocs: {
      url: 'https://developers.ashbyhq.com/docs/authenticating-webhooks',
      description: 'Ashby webhooks and their signature',
    },
    request: {
      headers: z.object({
        'Ashby-Signature': z.string().meta({
          description: 'sha256=<hex HMAC-SHA256 of the raw body, keyed with ASHBY_SECRET>',
          example: 'sha256=9b3f0c1d2e4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d',
        }),
      }),
      body: vendorBody('An Ashby webhook payload ({ action, webhookActionId, data }) as Ashby documents it', {
        action: z.string().meta({ example: 'applicationSubmit' }),
      }),
    },
    responses: webhookAnswers('ASHBY_SECRET'),
  },
];
