import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795321815112 implements MigrationInterface {
  name = 'InitialSchema1795321815112';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "applications" (
                "id" text NOT NULL,
                "candidate_id" text NOT NULL,
                "job_id" text NOT NULL,
                "source" text NOT NULL,
                "status" text NOT NULL,
                "stage_name" text NOT NULL,
                "stage_kind" text NOT NULL,
                "stage_entered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "url" text,
                "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "last_outbound_contact_at" TIMESTAMP WITH TIME ZONE,
                "last_human_outbound_contact_at" TIMESTAMP WITH TIME ZONE,
                "last_inbound_contact_at" TIMESTAMP WITH TIME ZONE,
                "oldest_unanswered_inbound_at" TIMESTAMP WITH TIME ZONE,
                "awaiting_feedback_since" TIMESTAMP WITH TIME ZONE,
                "update_promised_at" TIMESTAMP WITH TIME ZONE,
                "update_promised_by" TIMESTAMP WITH TIME ZONE,
                "competing_offer_deadline" TIMESTAMP WITH TIME ZONE,
                "scheduling_clock_since" TIMESTAMP WITH TIME ZONE,
                "scheduled_interviews_in_stage" integer NOT NULL DEFAULT '0',
                "reschedules_in_stage" integer NOT NULL DEFAULT '0',
                "snoozed_until" TIMESTAMP WITH TIME ZONE,
                "snooze_reason" text,
                "next_evaluation_at" TIMESTAMP WITH TIME ZONE,
                "last_event_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "applications_candidate_idx" ON "applications" ("candidate_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "applications_job_idx" ON "applications" ("job_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "applications_due_idx" ON "applications" ("next_evaluation_at")
            WHERE next_evaluation_at IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "candidates" (
                "id" text NOT NULL,
                "name" text,
                "email" text,
                "timezone" text,
                "country" text,
                "source_kind" text,
                "agency_name" text,
                "agency_email" text,
                "can_email" boolean NOT NULL DEFAULT true,
                "opted_out_at" TIMESTAMP WITH TIME ZONE,
                "erased_at" TIMESTAMP WITH TIME ZONE,
                "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_140681296bf033ab1eb95288abb" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "feedback_periods" (
                "application_id" text NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "hiring_manager_id" text,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "ended_by" text,
                CONSTRAINT "PK_d87331fd1e4c967d2fc4c8bf147" PRIMARY KEY ("application_id", "started_at")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "feedback_periods_manager_idx" ON "feedback_periods" ("hiring_manager_id", "ended_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "interviews" (
                "application_id" text NOT NULL,
                "id" text NOT NULL,
                "stage_name" text NOT NULL,
                "status" text NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE,
                "ends_at" TIMESTAMP WITH TIME ZONE,
                "reschedule_count" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_68de038d3c78419bfb07cb97f14" PRIMARY KEY ("application_id", "id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "interviews_application_idx" ON "interviews" ("application_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "jobs" (
                "id" text NOT NULL,
                "title" text NOT NULL,
                "status" text NOT NULL DEFAULT 'open',
                "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recruiter_id" text,
                "hiring_manager_id" text,
                "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "jobs_recruiter_idx" ON "jobs" ("recruiter_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "people" (
                "id" text NOT NULL,
                "name" text,
                "email" text,
                "timezone" text,
                "country" text,
                "vendor_user_ids" text array NOT NULL DEFAULT '{}',
                "from_directory" boolean NOT NULL DEFAULT false,
                "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_aa866e71353ee94c6cc51059c5b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "event_log" (
                "sequence" BIGSERIAL NOT NULL,
                "source" text NOT NULL,
                "event_id" text NOT NULL,
                "type" text NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "application_id" text,
                "candidate_id" text,
                "job_id" text,
                "payload" jsonb NOT NULL,
                "vendor_payload" jsonb,
                CONSTRAINT "PK_c6456ffbc08e8d8b36b20dbb956" PRIMARY KEY ("sequence")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "event_log_candidate_idx" ON "event_log" ("candidate_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "event_log_application_order_idx" ON "event_log" ("application_id", "occurred_at", "sequence")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "event_log_source_event_id_key" ON "event_log" ("source", "event_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "quarantine" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "source" text NOT NULL,
                "delivery_id" text,
                "reason" text NOT NULL,
                "errors" jsonb NOT NULL DEFAULT '[]'::jsonb,
                "raw_body" text NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "replayed_at" TIMESTAMP WITH TIME ZONE,
                "replay_outcome" text,
                CONSTRAINT "PK_c1cbd36649a09294e417ae639fa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "quarantine_unreplayed_idx" ON "quarantine" ("received_at")
            WHERE replayed_at IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_replay_tokens" (
                "source" text NOT NULL,
                "token" text NOT NULL,
                "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_20b4e25953578be3474b485270a" PRIMARY KEY ("source", "token")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "flags" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "application_id" text NOT NULL,
                "kind" text NOT NULL,
                "action" text NOT NULL,
                "severity" text NOT NULL,
                "severity_rank" smallint NOT NULL,
                "cause" text NOT NULL,
                "status" text NOT NULL,
                "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "waiting_since" TIMESTAMP WITH TIME ZONE NOT NULL,
                "details" jsonb NOT NULL,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "resolution" text,
                CONSTRAINT "PK_ea7e333c92a55de9e9b8d0b9afd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "flags_application_idx" ON "flags" ("application_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "flags_open_order_idx" ON "flags" ("severity_rank", "waiting_since", "id")
            WHERE status = 'open'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "flags_one_open_per_kind" ON "flags" ("application_id", "kind")
            WHERE status = 'open'
        `);
    await queryRunner.query(`
            CREATE TABLE "flag_events" (
                "id" BIGSERIAL NOT NULL,
                "flag_id" uuid NOT NULL,
                "application_id" text NOT NULL,
                "event" text NOT NULL,
                "severity" text,
                "reason" text,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_505ff35b63e063c242e37120b0a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "flag_events_flag_idx" ON "flag_events" ("flag_id", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "recruiter_actions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "application_id" text NOT NULL,
                "kind" text NOT NULL,
                "note" text,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_40275758e99aed16e816175fd36" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "recruiter_actions_application_idx" ON "recruiter_actions" ("application_id", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" text NOT NULL,
                "idempotency_key" text NOT NULL,
                "application_id" text,
                "candidate_id" text,
                "flag_id" uuid,
                "digest_id" uuid,
                "recipient_role" text NOT NULL,
                "recipient_person_id" text,
                "recipient_email" text,
                "scheduled_for" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "reason" text,
                "attempts" integer NOT NULL DEFAULT '0',
                "message_id" text,
                "provider_response" text,
                "context" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_candidate_idx" ON "notifications" ("candidate_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_application_idx" ON "notifications" ("application_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_due_idx" ON "notifications" ("scheduled_for")
            WHERE status = 'pending'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "notifications_idempotency_key" ON "notifications" ("idempotency_key")
        `);
    await queryRunner.query(`
            CREATE TABLE "digests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recruiter_id" text NOT NULL,
                "local_date" date NOT NULL,
                "status" text NOT NULL,
                "content" jsonb NOT NULL,
                "item_count" integer NOT NULL,
                "composed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3849fbafde59a8a4abf182ad18c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "digests_recruiter_date_key" ON "digests" ("recruiter_id", "local_date")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."digests_recruiter_date_key"
        `);
    await queryRunner.query(`
            DROP TABLE "digests"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_idempotency_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_due_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_application_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_candidate_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."recruiter_actions_application_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "recruiter_actions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."flag_events_flag_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "flag_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."flags_one_open_per_kind"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."flags_open_order_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."flags_application_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "flags"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_replay_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."quarantine_unreplayed_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "quarantine"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."event_log_source_event_id_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."event_log_application_order_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."event_log_candidate_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "event_log"
        `);
    await queryRunner.query(`
            DROP TABLE "people"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."jobs_recruiter_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "jobs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."interviews_application_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "interviews"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."feedback_periods_manager_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "feedback_periods"
        `);
    await queryRunner.query(`
            DROP TABLE "candidates"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."applications_due_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."applications_job_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."applications_candidate_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "applications"
        `);
  }
}
