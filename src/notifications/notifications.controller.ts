import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProblemError } from '../infra/http/problem';
import { parseRequest } from '../infra/http/request-validation';
import { type NotificationItem, type NotificationPage, notificationsQuery } from './notifications.api';
import { NotificationRow, NotificationsRepository } from './notifications.repository';

// The route and its answers are described in notifications.api.ts (/docs).
@Controller('v1/notifications')
export class NotificationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
  ) {}

  @Get()
  async list(@Query() query: unknown): Promise<NotificationPage> {
    const {
      application_id: applicationId,
      cursor,
      limit,
    } = parseRequest(notificationsQuery, query ?? {}, 'query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await this.repository.page(this.dataSource.manager, { applicationId, after }, limit + 1);
    const pageRows = rows.slice(0, limit);
    const last = pageRows[pageRows.length - 1];
    return {
      items: pageRows.map(toItem),
      next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }
}

function toItem(row: NotificationRow): NotificationItem {
  const item: NotificationItem = {
    id: row.id,
    kind: row.kind,
    recipient:
      row.recipientRole === 'candidate' || row.recipientRole === 'agency' || !row.recipientPersonId
        ? row.recipientRole
        : `${row.recipientRole}:${row.recipientPersonId}`,
    status: row.status,
    scheduled_for: row.scheduledFor.toISOString(),
  };
  if (row.reason) item.reason = row.reason;
  if (row.sentAt) item.sent_at = row.sentAt.toISOString();
  return item;
}

// The cursor is the last row's (created_at with microseconds, id), opaque to clients.
function encodeCursor(row: NotificationRow): string {
  return Buffer.from(JSON.stringify([row.cursorAt, row.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof at === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) &&
      typeof id === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ) {
      return { at, id };
    }
  } catch {
    // Falls through to the problem below.
  }
  throw ProblemError.badRequest('cursor is not valid; pass the next_cursor of a previous page.', [
    { path: 'cursor', message: 'not a cursor returned by this endpoint' },
  ]);
}
