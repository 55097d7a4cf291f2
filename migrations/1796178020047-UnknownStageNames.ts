import { MigrationInterface, QueryRunner } from 'typeorm';

export class UnknownStageNames1796178020047 implements MigrationInterface {
  name = 'UnknownStageNames1796178020047';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "unknown_stage_names" (
                "name" text NOT NULL,
                "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_fe583f0ae22cc1a7d948e3849b6" PRIMARY KEY ("name")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "unknown_stage_names"
        `);
  }
}
