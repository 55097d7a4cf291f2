import { z } from 'zod';
import { jsonAnswer, problemAnswer, type ApiRoute } from '../infra/http/openapi';
import { pageLimit, pageOf } from '../infra/http/pages';
import { notificationKinds, notificationStatuses } from './notification.entity';

// The HTTP shapes of NotificationsController: the query it validates and the page it answers, which
// also generate /docs.

// An empty value counts as absent, as it always has on this endpoint.
const emptyAsAbsent = (value: unknown): unknown => (value === '' ? undefined : value);

export const notificationsQuery = z.object({
  application_id: z
    .preprocess(emptyAsAbsent, z.string().optional())
    .meta({ description: "Only this application's notifications" }),
  cursor: z
    .preprocess(emptyAsAbsent, z.string().optional())
    .meta({ description: 'next_cursor of the previous page (opaque)' }),
  limit: pageLimit(50, 200),
});

export const notificationItem = z
  .object({
    id: z.uuid(),
    kind: z.enum(notificationKinds),
    recipient: z.string().meta({
      description:
        'Who it is for: "candidate", "agency", or "<role>:<person id>" (e.g. "hiring_manager:hm_1")',
    }),
    status: z.enum(notificationStatuses),
    reason: z
      .string()
      .optional()
      .meta({ description: 'Why it was suppressed, cancelled or failed (e.g. opted_out, cap_reached)' }),
    scheduled_for: z.string().meta({ format: 'date-time' }),
    sent_at: z.string().optional().meta({ format: 'date-time' }),
  })
  .meta({ id: 'Notification' });
export type NotificationItem = z.output<typeof notificationItem>;

export const notificationPage = pageOf(notificationItem, 'NotificationPage');
export type NotificationPage = z.output<typeof notificationPage>;

export const notificationsRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/v1/notifications',
    tags: ['notifications'],
    summary: 'The outbox: what keepwarm sent, will send, or did not send and why, oldest first',
    request: { query: notificationsQuery },
    responses: {
      200: jsonAnswer('One page of the outbox', notificationPage),
      400: problemAnswer('A bad or unknown parameter, or a cursor this endpoint did not hand out'),
    },
  },
];
