import { z } from 'zod';
import { stageKinds } from '../canonical/canonical-event.schema';
import { flagActions, flagKinds, severities } from '../policy/types';

// Flags and attention-list items as the REST API shows them (snake_case, ISO strings). Each schema
// is the type and generates /docs.

const dateTime = z.string().meta({ format: 'date-time' });

export const flagViewSchema = z
  .object({
    id: z.uuid(),
    application_id: z.string().meta({ example: 'app_123' }),
    kind: z.enum(flagKinds),
    action: z.enum(flagActions),
    severity: z.enum(severities),
    raised_at: dateTime,
    details: z.looseObject({ waiting_since: dateTime.nullable() }).meta({
      description:
        "Why, in numbers (hours_waiting, business_days_silent, deadline, waiting_on ...), and waiting_since: when the flag's clock started",
    }),
  })
  .meta({ id: 'Flag' });
export type FlagView = z.output<typeof flagViewSchema>;

export const resolvedFlagViewSchema = flagViewSchema
  .extend({
    status: z.enum(['open', 'resolved']),
    resolution: z.string().nullable().meta({
      description: 'answered:<action kind> (an action answered it), cause_gone, closed or superseded',
    }),
    resolved_at: dateTime.nullable(),
  })
  .meta({ id: 'ResolvedFlag' });
export type ResolvedFlagView = z.output<typeof resolvedFlagViewSchema>;

const personReference = z.object({ id: z.string(), name: z.string().nullable() });

export const attentionItemSchema = z
  .object({
    flag: flagViewSchema,
    application: z.object({
      id: z.string(),
      status: z.literal('active'),
      stage: z.object({ name: z.string(), kind: z.enum(stageKinds) }),
      url: z.string().nullable().meta({ description: 'Link into the ATS' }),
      snoozed_until: dateTime
        .nullable()
        .meta({ description: 'A past snooze, if any (snoozed applications are not listed)' }),
    }),
    candidate: personReference,
    job: z.object({
      id: z.string(),
      title: z.string().nullable(),
      recruiter: personReference.nullable(),
      hiring_manager: personReference
        .extend({
          email_known: z.boolean().meta({
            description:
              'false: keepwarm has no email for this manager yet (PUT /v1/people/{id}), so it cannot remind them',
          }),
        })
        .nullable(),
    }),
  })
  .meta({ id: 'AttentionItem' });
export type AttentionItem = z.output<typeof attentionItemSchema>;
