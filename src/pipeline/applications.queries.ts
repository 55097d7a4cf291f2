import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PersonView {
  id: string;
  name: string | null;
  email: string | null;
  timezone: string | null;
  country: string | null;
}

export interface ApplicationView {
  id: string;
  status: string;
  source: string;
  stage: { name: string; kind: string; entered_at: string };
  candidate: PersonView & {
    source_kind: string | null;
    agency_name: string | null;
    can_email: boolean;
    opted_out: boolean;
  };
  job: {
    id: string;
    title: string;
    status: string;
    recruiter: PersonView | null;
    hiring_manager: PersonView | null;
  };
  url: string | null;
  applied_at: string;
  closed_at: string | null;
  last_outbound_contact_at: string | null;
  last_inbound_contact_at: string | null;
  awaiting_reply_since: string | null;
  awaiting_feedback_since: string | null;
  update_promised_by: string | null;
  competing_offer_deadline: string | null;
  snoozed_until: string | null;
  next_evaluation_at: string | null;
}

/** Read side of the pipeline for the REST API. */
@Injectable()
export class ApplicationsQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<ApplicationView | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.*, c.name AS c_name, c.email AS c_email, c.timezone AS c_timezone, c.country AS c_country, c.source_kind AS c_source_kind,
              c.agency_name AS c_agency_name, c.can_email AS c_can_email, c.opted_out_at AS c_opted_out_at,
              j.title AS j_title, j.status AS j_status,
              r.id AS r_id, r.name AS r_name, r.email AS r_email, r.timezone AS r_timezone, r.country AS r_country,
              m.id AS m_id, m.name AS m_name, m.email AS m_email, m.timezone AS m_timezone, m.country AS m_country
       FROM applications a
       JOIN candidates c ON c.id = a.candidate_id
       JOIN jobs j ON j.id = a.job_id
       LEFT JOIN people r ON r.id = j.recruiter_id
       LEFT JOIN people m ON m.id = j.hiring_manager_id
       WHERE a.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const person = (prefix: string): PersonView | null =>
      row[`${prefix}_id`]
        ? {
            id: String(row[`${prefix}_id`]),
            name: (row[`${prefix}_name`] as string) ?? null,
            email: (row[`${prefix}_email`] as string) ?? null,
            timezone: (row[`${prefix}_timezone`] as string) ?? null,
            country: (row[`${prefix}_country`] as string) ?? null,
          }
        : null;
    return {
      id: String(row.id),
      status: String(row.status),
      source: String(row.source),
      stage: {
        name: String(row.stage_name),
        kind: String(row.stage_kind),
        entered_at: iso(row.stage_entered_at)!,
      },
      candidate: {
        id: String(row.candidate_id),
        name: (row.c_name as string) ?? null,
        email: (row.c_email as string) ?? null,
        timezone: (row.c_timezone as string) ?? null,
        country: (row.c_country as string) ?? null,
        source_kind: (row.c_source_kind as string) ?? null,
        agency_name: (row.c_agency_name as string) ?? null,
        can_email: Boolean(row.c_can_email),
        opted_out: row.c_opted_out_at !== null,
      },
      job: {
        id: String(row.job_id),
        title: String(row.j_title),
        status: String(row.j_status),
        recruiter: person('r'),
        hiring_manager: person('m'),
      },
      url: (row.url as string) ?? null,
      applied_at: iso(row.applied_at)!,
      closed_at: iso(row.closed_at),
      last_outbound_contact_at: iso(row.last_outbound_contact_at),
      last_inbound_contact_at: iso(row.last_inbound_contact_at),
      awaiting_reply_since: iso(row.oldest_unanswered_inbound_at),
      awaiting_feedback_since: iso(row.awaiting_feedback_since),
      update_promised_by: iso(row.update_promised_by),
      competing_offer_deadline: iso(row.competing_offer_deadline),
      snoozed_until: iso(row.snoozed_until),
      next_evaluation_at: iso(row.next_evaluation_at),
    };
  }
}

export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
