import { z } from 'zod';
import { jsonAnswer, problemAnswer, type ApiRoute } from '../infra/http/openapi';

// The HTTP shapes of the opt-out and unsubscribe controllers, which also generate /docs.

export const candidateIdParams = z.object({
  id: z.string().meta({ description: "The ATS's candidate id", example: 'cand_123' }),
});

export const optOutAnswer = z
  .object({
    candidate_id: z.string(),
    opted_out_at: z.string().meta({ format: 'date-time' }),
    cancelled: z.number().int().min(0).meta({ description: 'Pending notifications cancelled' }),
  })
  .meta({ id: 'OptOut' });
export type OptOutAnswer = z.output<typeof optOutAnswer>;

const tokenParams = z.object({
  token: z.string().meta({ description: 'The signed token of the link in the email' }),
});
const page = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
});
const badLink = problemAnswer('A malformed (400) or forged or expired (403) link');

export const optOutRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/candidates/{id}/opt-out',
    tags: ['candidates'],
    summary: 'Stop automatic updates to the candidate and cancel the ones waiting',
    description: 'Takes no body.',
    request: { params: candidateIdParams },
    responses: {
      200: jsonAnswer('Opted out', optOutAnswer),
      404: problemAnswer('No such candidate'),
    },
  },
  {
    method: 'get',
    path: '/v1/unsubscribe/{token}',
    tags: ['candidates'],
    summary: 'The confirmation page of the unsubscribe link in candidate emails',
    description:
      'No bearer token: the signed link is the permission. Changes nothing (mail scanners follow links).',
    security: [],
    request: { params: tokenParams },
    responses: { 200: page('A page with the unsubscribe button'), 400: badLink, 403: badLink },
  },
  {
    method: 'post',
    path: '/v1/unsubscribe/{token}',
    tags: ['candidates'],
    summary: 'One-click unsubscribe (RFC 8058): opts the candidate out of automatic updates',
    description:
      "The page's button, or the mail client's List-Unsubscribe-Post; the body (List-Unsubscribe=One-Click) is " +
      'not needed. Answers the same page for an unknown or erased candidate.',
    security: [],
    request: {
      params: tokenParams,
      body: {
        required: false,
        content: {
          'application/x-www-form-urlencoded': {
            schema: z.object({ 'List-Unsubscribe': z.literal('One-Click') }),
          },
        },
      },
    },
    responses: {
      200: page('Opted out (also when already opted out)'),
      400: badLink,
      403: badLink,
    },
  },
];
