import { z } from 'zod';
import { jsonAnswer, problemAnswer, type ApiRoute } from '../infra/http/openapi';
import { pageLimit, pageOf } from '../infra/http/pages';
import { flagKinds } from '../policy/types';
import { attentionItemSchema } from './attention-views';

// The HTTP shapes of AttentionController: the query it validates and the page it answers, which
// also generate /docs.

export const attentionQuery = z.object({
  recruiter_id: z.string().min(1).max(200).optional().meta({ description: "Only this recruiter's jobs" }),
  kind: z.enum(flagKinds).optional().meta({ description: 'Only flags of this kind' }),
  limit: pageLimit(50, 200),
  cursor: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'next_cursor of the previous page (opaque)' }),
});

export const attentionPage = pageOf(attentionItemSchema, 'AttentionPage');
export type AttentionAnswer = z.output<typeof attentionPage>;

export const attentionRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/v1/attention',
    tags: ['attention'],
    summary: 'Who needs the recruiter now, and why',
    description:
      'Open flags of active, unsnoozed applications, most urgent first: by severity (urgent first), then ' +
      'longest waiting (details.waiting_since), then flag id. Keyset pagination: pass next_cursor as cursor.',
    request: { query: attentionQuery },
    responses: {
      200: jsonAnswer('One page of the attention list', attentionPage),
      400: problemAnswer('problem+json naming the bad or unknown parameters (errors: [{path, message}])'),
    },
  },
];
