import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { ProblemError } from '../infra/http/problem';
import { flagKinds } from '../policy/types';
import {
  AttentionItem,
  AttentionListRepository,
  decodeCursor,
  encodeCursor,
} from './attention-list.repository';
import { attentionPageSchema } from './openapi-schemas';
import { parseRequest } from './request-validation';

const defaultLimit = 50;
const maxLimit = 200;

const attentionQuery = z.object({
  recruiter_id: z.string().min(1).max(200).optional(),
  kind: z.enum(flagKinds).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, `must be an integer between 1 and ${maxLimit}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `must be an integer between 1 and ${maxLimit}`)
        .max(maxLimit, `must be an integer between 1 and ${maxLimit}`),
    )
    .optional(),
  cursor: z.string().min(1).max(500).optional(),
});

export interface AttentionAnswer {
  items: AttentionItem[];
  next_cursor: string | null;
}

@ApiTags('attention')
@ApiBearerAuth()
@Controller('v1/attention')
export class AttentionController {
  constructor(private readonly attention: AttentionListRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Who needs the recruiter now, and why',
    description:
      'Open flags of active, unsnoozed applications, most urgent first: by severity (urgent first), then ' +
      'longest waiting (details.waiting_since), then flag id. Keyset pagination: pass next_cursor as cursor.',
  })
  @ApiQuery({ name: 'recruiter_id', required: false, description: "Only this recruiter's jobs" })
  @ApiQuery({ name: 'kind', required: false, enum: [...flagKinds], description: 'Only flags of this kind' })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'next_cursor of the previous page (opaque)' })
  @ApiOkResponse({ description: 'One page of the attention list', schema: attentionPageSchema })
  @ApiBadRequestResponse({
    description: 'problem+json naming the bad parameters (errors: [{path, message}])',
  })
  async list(@Query() query: Record<string, unknown>): Promise<AttentionAnswer> {
    const input = parseRequest(attentionQuery, query ?? {}, 'query');
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    if (after === null) {
      throw ProblemError.badRequest('The cursor is not one this API handed out.', [
        { path: 'cursor', message: 'must be a next_cursor from a previous page' },
      ]);
    }
    const page = await this.attention.list({
      recruiterId: input.recruiter_id,
      kind: input.kind,
      limit: input.limit ?? defaultLimit,
      after,
    });
    return { items: page.items, next_cursor: page.next ? encodeCursor(page.next) : null };
  }
}
