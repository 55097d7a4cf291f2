import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { stageKindFor } from '../policy/stage-kinds';
import {
  StageNameSighting,
  UnknownStageNameRow,
  UnknownStageNamesRepository,
} from './unknown-stage-names.repository';

// A stage name that matches no mapping and comes without a kind counts as an interview (docs/rules.md,
// "Stage kinds"). Each process warns once per name and records the names in PostgreSQL, where every
// replica's sightings meet and survive restarts (GET /v1/stats). The ingest path pays a map lookup:
// a process writes a name when it first sees it, and newer sightings at most once a minute, on its
// own connection after the fact, never inside the delivery's transaction.

/** Sightings of names already recorded reach PostgreSQL at most this often per process. */
const writeEveryMs = 60_000;
/** A bound on what one process remembers, whatever an ATS sends. */
const maxTrackedNames = 1000;

interface Tracked {
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Seen since the last write. */
  unwritten: boolean;
}

@Injectable()
export class UnknownStageNames implements BeforeApplicationShutdown {
  private readonly logger = new Logger(UnknownStageNames.name);
  private readonly tracked = new Map<string, Tracked>();
  private lastWriteAt = 0;
  private writing: Promise<void> = Promise.resolve();
  private overflowed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: UnknownStageNamesRepository,
    private readonly config: AppConfig,
  ) {}

  /** An event put an application in a stage of this name, which matched nothing, at `at`. */
  seen(name: string, at: Date): void {
    const known = this.tracked.get(name);
    if (known) {
      if (at < known.firstSeenAt) known.firstSeenAt = at;
      if (at > known.lastSeenAt) known.lastSeenAt = at;
      known.unwritten = true;
      if (Date.now() - this.lastWriteAt >= writeEveryMs) this.write();
      return;
    }
    if (this.tracked.size >= maxTrackedNames) {
      if (!this.overflowed)
        this.logger.warn(`more than ${maxTrackedNames} unknown stage names: further ones are not listed`);
      this.overflowed = true;
      return;
    }
    this.tracked.set(name, { firstSeenAt: at, lastSeenAt: at, unwritten: true });
    this.logger.warn(
      { stage_name: name },
      `unknown stage name "${name}" counts as an interview; map it in the policy's stage_kinds`,
    );
    this.write();
  }

  /** The names that still match nothing under this process's policy, most recently seen first. */
  async list(): Promise<UnknownStageNameRow[]> {
    await this.flush();
    const rows = await this.repository.list(this.dataSource.manager);
    return rows.filter((row) => !stageKindFor(row.name, null, this.config.policy).known);
  }

  /** Writes every sighting this process has not written yet. */
  async flush(): Promise<void> {
    this.write();
    await this.writing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  // One write at a time, in order; a failed one leaves its sightings to the next.
  private write(): void {
    this.lastWriteAt = Date.now();
    this.writing = this.writing
      .then(() => this.writeUnwritten())
      .catch((error: unknown) =>
        this.logger.warn(`could not record unknown stage names (retried later): ${String(error)}`),
      );
  }

  private async writeUnwritten(): Promise<void> {
    const sightings: StageNameSighting[] = [];
    for (const [name, tracked] of this.tracked) {
      if (!tracked.unwritten) continue;
      tracked.unwritten = false;
      sightings.push({ name, firstSeenAt: tracked.firstSeenAt, lastSeenAt: tracked.lastSeenAt });
    }
    try {
      await this.repository.record(this.dataSource.manager, sightings);
    } catch (error) {
      for (const { name } of sightings) this.tracked.get(name)!.unwritten = true;
      throw error;
    }
  }
}
