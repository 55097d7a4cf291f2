import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { ProblemError } from '../infra/http/problem';
import type { ApplicationView } from '../pipeline/application-view';
import { PipelineService } from '../pipeline/pipeline.service';
import { recruiterActionKinds } from '../policy/types';
import { FlagsRepository, FlagView, ResolvedFlagView } from './flags.repository';
import {
  actionAnswerSchema,
  actionBodySchema,
  snoozeAnswerSchema,
  snoozeBodySchema,
} from './openapi-schemas';
import { RecruiterActionsService } from './recruiter-actions.service';
import { parseRequest } from './request-validation';

const actionBody = z.object({
  kind: z.enum(recruiterActionKinds),
  note: z.string().trim().max(2000).nullish(),
});

const snoozeBody = z.object({
  until: z
    .string()
    .datetime({ offset: true, message: 'must be an RFC 3339 date-time' })
    .refine((value) => Date.parse(value) > Date.now(), 'must be in the future'),
  reason: z.string().trim().max(500).nullish(),
});

export interface ActionAnswer {
  action: { id: string; application_id: string; kind: string; note: string | null; at: string };
  resolved_flags: ResolvedFlagView[];
}

export interface SnoozeAnswer {
  application_id: string;
  snoozed_until: string;
  reason: string | null;
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly pipeline: PipelineService,
    private readonly flags: FlagsRepository,
    private readonly actions: RecruiterActionsService,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: "An application's state as keepwarm sees it, with its open flags" })
  @ApiParam({ name: 'id', description: "The ATS's application id" })
  @ApiOkResponse({ description: 'The application, its open flags (details.waiting_since included)' })
  @ApiNotFoundResponse({ description: 'problem+json: no such application' })
  async get(@Param('id') id: string): Promise<ApplicationView & { flags: FlagView[] }> {
    const application = await this.pipeline.findApplication(id);
    if (!application) throw unknownApplication(id);
    return { ...application, flags: await this.flags.openFlagsOf(id) };
  }

  @Post(':id/actions')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record what the recruiter did',
    description:
      'Resolves the open flags the action answers (manager_nudged: feedback_overdue until its next level; ' +
      'rejection_sent: decision_overdue and job_closed_with_active_candidates; scheduled: scheduling_stalled; ' +
      'expedited: competing_offer_deadline). An answered flag stays resolved for the same cause. candidate_updated ' +
      'and rejection_sent count as human outbound contact. The application is re-evaluated at once.',
  })
  @ApiParam({ name: 'id', description: "The ATS's application id" })
  @ApiBody({ schema: actionBodySchema })
  @ApiCreatedResponse({
    description: 'The recorded action and the flags it resolved',
    schema: actionAnswerSchema,
  })
  @ApiBadRequestResponse({ description: 'problem+json naming the bad fields (errors: [{path, message}])' })
  @ApiNotFoundResponse({ description: 'problem+json: no such application' })
  async recordAction(@Param('id') id: string, @Body() body: unknown): Promise<ActionAnswer> {
    const input = parseRequest(actionBody, body, 'action');
    const recorded = await this.actions.record(id, { kind: input.kind, note: input.note ?? null });
    if (!recorded) throw unknownApplication(id);
    const { action } = recorded;
    return {
      action: {
        id: action.id,
        application_id: action.applicationId,
        kind: action.kind,
        note: action.note,
        at: action.at.toISOString(),
      },
      resolved_flags: recorded.resolvedFlags,
    };
  }

  @Post(':id/snooze')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Snooze an application until a date',
    description:
      'Resolves nothing: until then its open and new flags are hidden from the attention list and the digest, ' +
      'and its automatic sends are paused. A later snooze replaces an earlier one.',
  })
  @ApiParam({ name: 'id', description: "The ATS's application id" })
  @ApiBody({ schema: snoozeBodySchema })
  @ApiOkResponse({ description: "The application's snooze", schema: snoozeAnswerSchema })
  @ApiBadRequestResponse({ description: 'problem+json naming the bad fields (errors: [{path, message}])' })
  @ApiNotFoundResponse({ description: 'problem+json: no such application' })
  async snooze(@Param('id') id: string, @Body() body: unknown): Promise<SnoozeAnswer> {
    const input = parseRequest(snoozeBody, body, 'snooze');
    const snoozed = await this.actions.snooze(id, new Date(input.until), input.reason ?? null);
    if (!snoozed) throw unknownApplication(id);
    return {
      application_id: snoozed.applicationId,
      snoozed_until: snoozed.snoozedUntil.toISOString(),
      reason: snoozed.reason,
    };
  }
}

function unknownApplication(id: string): ProblemError {
  return ProblemError.notFound(`No application with id ${JSON.stringify(id)} is known.`);
}
