import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProblemError } from '../infra/http/problem';
import { notificationKinds, notificationStatuses } from './notification.entity';
import { NotificationRow, NotificationsRepository } from './notifications.repository';

class NotificationItem {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: notificationKinds })
  kind!: string;
  @ApiProperty({
    description: 'Who it is for: "candidate", "agency", or "<role>:<person id>" (e.g. "hiring_manager:hm_1")',
  })
  recipient!: string;
  @ApiProperty({ enum: notificationStatuses })
  status!: string;
  @ApiPropertyOptional({
    description: 'Why it was suppressed, cancelled or failed (e.g. opted_out, cap_reached)',
  })
  reason?: string;
  @ApiProperty({ format: 'date-time' })
  scheduled_for!: string;
  @ApiPropertyOptional({ format: 'date-time' })
  sent_at?: string;
}

class NotificationPage {
  @ApiProperty({ type: [NotificationItem] })
  items!: NotificationItem[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  next_cursor!: string | null;
}

const defaultLimit = 50;
const maxLimit = 200;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class NotificationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The outbox: what keepwarm sent, will send, or did not send and why, oldest first',
  })
  @ApiQuery({ name: 'application_id', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
  })
  @ApiOkResponse({ type: NotificationPage })
  async list(
    @Query('application_id') applicationId?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limitText?: string,
  ): Promise<NotificationPage> {
    const limit = parseLimit(limitText);
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.repository.page(
      this.dataSource.manager,
      { applicationId: applicationId || undefined, after },
      limit + 1,
    );
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

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return defaultLimit;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw ProblemError.badRequest(`limit must be an integer between 1 and ${maxLimit}.`, [
      { path: 'limit', message: `must be an integer between 1 and ${maxLimit}` },
    ]);
  }
  return limit;
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
