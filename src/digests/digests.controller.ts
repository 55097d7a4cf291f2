import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { renderDigest } from '../email/digest.template';
import { fieldErrors, ProblemError } from '../infra/http/problem';
import type { ComposedDigest } from './compose/compose-digest';
import { DigestsService } from './digests.service';
import { prefersHtml } from './prefers-html';

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, 'must be a real calendar date');

const queueBody = z
  .object({
    recruiter_id: z.string().trim().min(1).max(200).nullish(),
    date: localDate.nullish(),
  })
  .strict();

function invalid(what: string, issues: z.ZodIssue[]): ProblemError {
  const errors = fieldErrors(issues).map((error) => ({ ...error, path: error.path || '(root)' }));
  return ProblemError.badRequest(
    `${what}: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}.`,
    errors,
  );
}

const severity = { type: 'string', enum: ['low', 'medium', 'high', 'urgent'] };

const reasonSchema = {
  type: 'object',
  properties: {
    flag_id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', example: 'feedback_overdue' },
    action: { type: 'string', example: 'nudge_hiring_manager', description: 'The suggested action' },
    severity,
    raised_at: { type: 'string', format: 'date-time' },
    waiting_since: { type: 'string', format: 'date-time' },
    is_new: { type: 'boolean', description: 'Raised after the previous digest was composed' },
    measure: {
      type: 'object',
      description: 'The number shown: whole business days from one day up, business hours below',
      properties: {
        value: { type: 'number' },
        unit: { type: 'string', enum: ['business_hours', 'business_days', 'reschedules'] },
        text: { type: 'string', example: 'waiting 4 business days for feedback from Dana Lee' },
      },
    },
    details: {
      type: 'object',
      additionalProperties: true,
      description:
        "The flag's numbers as the policy engine wrote them (hours_waiting, business_days_silent, ...)",
    },
    handled: {
      type: 'object',
      nullable: true,
      description: "keepwarm's own update already answered this reason: no action for the recruiter",
      properties: {
        status: { type: 'string', enum: ['sent', 'planned'] },
        at: { type: 'string', format: 'date-time' },
        text: { type: 'string', example: 'keepwarm sent an update today at 10:04' },
      },
    },
  },
};

const entrySchema = {
  type: 'object',
  description: 'One candidate (application) with every open reason',
  properties: {
    application_id: { type: 'string' },
    candidate_name: { type: 'string' },
    job_title: { type: 'string' },
    stage_name: { type: 'string' },
    stage_kind: { type: 'string' },
    application_url: { type: 'string', nullable: true },
    hiring_manager_name: { type: 'string', nullable: true },
    severity: { ...severity, description: 'The most urgent reason that needs the recruiter' },
    needs_you: { type: 'boolean', description: "false: keepwarm's own update answered every reason" },
    is_new: { type: 'boolean', description: 'Some reason is new since the previous digest' },
    awaiting_reply: {
      type: 'object',
      nullable: true,
      description: 'The candidate wrote and no person has answered; automatic updates are held',
      properties: { since: { type: 'string', format: 'date-time' }, text: { type: 'string' } },
    },
    reasons: {
      type: 'array',
      items: reasonSchema,
      description: 'Those that need the recruiter first, most urgent first',
    },
    actions: {
      type: 'array',
      items: { type: 'string' },
      example: ['consider_rejection', 'nudge_hiring_manager'],
    },
    automatic: {
      type: 'array',
      items: { type: 'string' },
      example: ['manager reminded twice, last Wednesday'],
    },
  },
};

const digestSchema = {
  type: 'object',
  properties: {
    recruiter: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, timezone: { type: 'string' } },
    },
    local_date: { type: 'string', format: 'date' },
    generated_at: { type: 'string', format: 'date-time' },
    previous: {
      type: 'object',
      nullable: true,
      description:
        'The recruiter\'s previous stored digest, which "new" is measured against; null for a first digest',
      properties: {
        local_date: { type: 'string', format: 'date' },
        generated_at: { type: 'string', format: 'date-time' },
      },
    },
    is_empty: { type: 'boolean', description: 'No candidate needs the recruiter' },
    counts: {
      type: 'object',
      properties: {
        candidates: { type: 'integer', description: 'Candidates who need the recruiter, listed or not' },
        new: { type: 'integer' },
        by_severity: { type: 'object', additionalProperties: { type: 'integer' } },
        handled_by_keepwarm: { type: 'integer' },
        reasons: { type: 'integer' },
      },
    },
    entries: {
      type: 'array',
      description: 'At most digest.max_candidates, most urgent first; those keepwarm answered last',
      items: entrySchema,
    },
    not_listed: {
      type: 'object',
      description: 'Entries beyond the cap, counted and not named',
      properties: { candidates: { type: 'integer' }, handled_by_keepwarm: { type: 'integer' } },
    },
    desk_url: { type: 'string', example: 'https://keepwarm.example.com/app' },
    manager_stats: {
      type: 'array',
      description:
        "The recruiter's hiring managers' median time to feedback in clock hours (not business hours), " +
        'over waits that ended in feedback in the last 30 days; slowest first.',
      items: {
        type: 'object',
        properties: {
          manager_name: { type: 'string' },
          median_hours_to_feedback: { type: 'number', nullable: true },
          periods: { type: 'integer' },
        },
      },
    },
  },
};

@ApiTags('digests')
@ApiBearerAuth()
@Controller('v1')
export class DigestsController {
  constructor(private readonly digests: DigestsService) {}

  @Post('digests')
  @HttpCode(200)
  @ApiOperation({
    summary: "Compose and queue recruiters' digests now",
    description:
      "Composes and queues the digest of one recruiter (recruiter_id) or of every recruiter, for each one's " +
      'local today or for the given date, now, whatever digest.local_time and digest.business_days_only say. ' +
      'Once per recruiter and date however often it is called: `queued` and `skipped` count only the digests ' +
      'this call stored, so a repeat call answers {"queued":0,"skipped":0}. `skipped` counts empty digests ' +
      'recorded as skipped (digest.skip_empty) and digests of recruiters without an email address (stored, ' +
      'their notification recorded as suppressed). Digests go only to recruiters.',
  })
  @ApiBody({
    required: false,
    schema: {
      type: 'object',
      properties: {
        recruiter_id: { type: 'string', description: 'Omit for every recruiter', example: 'rec_1' },
        date: {
          type: 'string',
          format: 'date',
          description: "YYYY-MM-DD; default: each recruiter's local today",
        },
      },
    },
  })
  @ApiOkResponse({
    description: 'How many digests this call stored and queued, and how many it stored as skipped',
    schema: {
      type: 'object',
      required: ['queued', 'skipped'],
      properties: { queued: { type: 'integer', example: 12 }, skipped: { type: 'integer', example: 3 } },
    },
  })
  @ApiBadRequestResponse({ description: 'problem+json: a malformed body or date' })
  @ApiNotFoundResponse({ description: 'problem+json: recruiter_id is not the recruiter of any job' })
  @ApiUnauthorizedResponse({ description: 'problem+json: bearer token missing or wrong' })
  async queue(@Body() body: unknown): Promise<{ queued: number; skipped: number }> {
    const parsed = queueBody.safeParse(body ?? {});
    if (!parsed.success) throw invalid('The digest request is not valid', parsed.error.issues);
    const { recruiter_id: recruiterId, date } = parsed.data;
    let recruiters;
    if (recruiterId) {
      const recruiter = await this.digests.findRecruiter(recruiterId);
      if (!recruiter)
        throw ProblemError.notFound(`No recruiter with id ${JSON.stringify(recruiterId)} is known.`);
      recruiters = [recruiter];
    } else {
      recruiters = await this.digests.allRecruiters();
    }
    const summary = await this.digests.queueRequested(recruiters, date ?? null, new Date());
    return { queued: summary.queued, skipped: summary.skipped };
  }

  @Get('recruiters/:id/digest')
  @ApiOperation({
    summary: "A recruiter's digest, as HTML or JSON",
    description:
      "Without a date, or with the recruiter's local today: composed live from the open flags now (nothing is " +
      'stored or sent). Any other date: the digest stored for that date, 404 if there is none. HTML when the ' +
      'Accept header prefers text/html (the email as the recruiter sees it), otherwise JSON.',
  })
  @ApiParam({ name: 'id', description: 'The recruiter id', example: 'rec_1' })
  @ApiQuery({ name: 'date', required: false, description: 'YYYY-MM-DD', example: '2026-11-20' })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description: 'The digest',
    content: {
      'application/json': { schema: digestSchema },
      'text/html': { schema: { type: 'string', description: 'The HTML part of the digest email' } },
    },
  })
  @ApiBadRequestResponse({ description: 'problem+json: a malformed date' })
  @ApiNotFoundResponse({ description: 'problem+json: unknown recruiter, or no digest stored for that date' })
  @ApiUnauthorizedResponse({ description: 'problem+json: bearer token missing or wrong' })
  async read(
    @Param('id') id: string,
    @Query('date') date: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ComposedDigest | string> {
    if (date !== undefined) {
      const parsed = localDate.safeParse(date);
      if (!parsed.success)
        throw invalid(
          'The date is not valid',
          parsed.error.issues.map((issue) => ({ ...issue, path: ['date'] })),
        );
    }
    const now = new Date();
    const recruiter = await this.digests.findDigestReader(id);
    if (!recruiter) throw ProblemError.notFound(`No recruiter with id ${JSON.stringify(id)} is known.`);
    const today = this.digests.localToday(recruiter, now);

    let digest: ComposedDigest;
    if (!date || date === today) {
      [digest] = await this.digests.composeMany([{ recruiter, localDate: today }], now);
    } else {
      const stored = await this.digests.storedDigest(id, date);
      if (!stored) throw ProblemError.notFound(`No digest is stored for ${JSON.stringify(id)} on ${date}.`);
      digest = stored;
    }

    void reply.header('vary', 'Accept').header('cache-control', 'no-store');
    if (prefersHtml(accept)) {
      void reply.type('text/html; charset=utf-8');
      return renderDigest(digest).html;
    }
    return digest;
  }
}
