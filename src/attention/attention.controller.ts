import { Controller, Get, Query } from '@nestjs/common';
import { ProblemError } from '../infra/http/problem';
import { parseRequest } from '../infra/http/request-validation';
import { type AttentionAnswer, attentionQuery } from './attention.api';
import { AttentionListRepository, decodeCursor, encodeCursor } from './attention-list.repository';

// The route and its answers are described in attention.api.ts (/docs).
@Controller('v1/attention')
export class AttentionController {
  constructor(private readonly attention: AttentionListRepository) {}

  @Get()
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
      limit: input.limit,
      after,
    });
    return { items: page.items, next_cursor: page.next ? encodeCursor(page.next) : null };
  }
}
