import { flagKinds, recruiterActionKinds, severities } from '../policy/types';

// OpenAPI shapes of the attention API's answers, so that /docs says what the endpoints return.

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: 'string', format: 'date-time', nullable: true } as const;

export const flagSchema = {
  type: 'object',
  required: ['id', 'application_id', 'kind', 'action', 'severity', 'raised_at', 'details'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    application_id: { type: 'string', example: 'app_123' },
    kind: { type: 'string', enum: [...flagKinds] },
    action: { type: 'string', example: 'nudge_hiring_manager' },
    severity: { type: 'string', enum: [...severities] },
    raised_at: dateTime,
    details: {
      type: 'object',
      description:
        "Why, in numbers (hours_waiting, business_days_silent, deadline, waiting_on ...), and waiting_since: when the flag's clock started.",
      properties: { waiting_since: dateTime },
      additionalProperties: true,
    },
  },
};

export const resolvedFlagSchema = {
  ...flagSchema,
  properties: {
    ...flagSchema.properties,
    status: { type: 'string', enum: ['open', 'resolved'] },
    resolution: {
      type: 'string',
      nullable: true,
      description: 'answered:<action kind> (the action answered it), cause_gone, closed or superseded',
    },
    resolved_at: nullableDateTime,
  },
};

const personRef = {
  type: 'object',
  nullable: true,
  properties: { id: { type: 'string' }, name: { type: 'string', nullable: true } },
};

export const attentionPageSchema = {
  type: 'object',
  required: ['items', 'next_cursor'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['flag', 'application', 'candidate', 'job'],
        properties: {
          flag: flagSchema,
          application: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              status: { type: 'string', enum: ['active'] },
              stage: { type: 'object', properties: { name: { type: 'string' }, kind: { type: 'string' } } },
              url: { type: 'string', nullable: true, description: 'Link into the ATS' },
              snoozed_until: {
                ...nullableDateTime,
                description: 'A past snooze, if any (snoozed applications are not listed)',
              },
            },
          },
          candidate: personRef,
          job: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              title: { type: 'string', nullable: true },
              recruiter: personRef,
              hiring_manager: {
                type: 'object',
                nullable: true,
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string', nullable: true },
                  email_known: {
                    type: 'boolean',
                    description:
                      'false: keepwarm has no email for this manager yet (PUT /v1/people/{id}), so it cannot remind them',
                  },
                },
              },
            },
          },
        },
      },
    },
    next_cursor: {
      type: 'string',
      nullable: true,
      description: 'Pass as cursor for the next page; null on the last page',
    },
  },
};

export const actionBodySchema = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: [...recruiterActionKinds] },
    note: { type: 'string', maxLength: 2000, example: 'Pinged Morgan on Slack' },
  },
};

export const actionAnswerSchema = {
  type: 'object',
  required: ['action', 'resolved_flags'],
  properties: {
    action: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        application_id: { type: 'string' },
        kind: { type: 'string', enum: [...recruiterActionKinds] },
        note: { type: 'string', nullable: true },
        at: dateTime,
      },
    },
    resolved_flags: { type: 'array', items: resolvedFlagSchema },
  },
};

export const snoozeBodySchema = {
  type: 'object',
  required: ['until'],
  properties: {
    until: { ...dateTime, description: 'RFC 3339, in the future', example: '2026-12-01T09:00:00Z' },
    reason: { type: 'string', maxLength: 500, example: 'Candidate on holiday' },
  },
};

export const snoozeAnswerSchema = {
  type: 'object',
  required: ['application_id', 'snoozed_until', 'reason'],
  properties: {
    application_id: { type: 'string' },
    snoozed_until: dateTime,
    reason: { type: 'string', nullable: true },
  },
};

export const scanAnswerSchema = {
  type: 'object',
  required: ['evaluated', 'opened', 'resolved'],
  properties: {
    evaluated: { type: 'integer', minimum: 0, description: 'Due applications evaluated' },
    opened: { type: 'integer', minimum: 0, description: 'Flags opened' },
    resolved: { type: 'integer', minimum: 0, description: 'Flags resolved' },
  },
};
