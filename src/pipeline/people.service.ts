import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Person } from '../canonical/canonical-event.schema';
import { isDatabaseUnavailable, ProblemError } from '../infra/http/problem';
import { DirectoryPerson, PeopleRepository } from './people.repository';

export interface DirectoryEntry {
  name: string;
  email: string;
  timezone?: string | null;
  country?: string | null;
  vendorUserIds: string[];
}

/**
 * The directory of recruiters and hiring managers: vendors send user ids (`greenhouse:92913`), the
 * directory says who stands behind them, so their jobs reach a person with a name, an email and a timezone.
 */
@Injectable()
export class PeopleService {
  private readonly logger = new Logger(PeopleService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PeopleRepository,
  ) {}

  /** PUT semantics: the entry replaces what the directory knew about the person. */
  async put(id: string, entry: DirectoryEntry, now = new Date()): Promise<DirectoryPerson> {
    const vendorUserIds = [...new Set(entry.vendorUserIds)];
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.repository.lockDirectory(manager);
        const claimed = (await this.repository.findByVendorUserIds(manager, vendorUserIds)).filter(
          (other) => other.id !== id,
        );
        if (claimed.length > 0) {
          const taken = vendorUserIds.filter((vendorId) =>
            claimed.some((other) => other.vendorUserIds.includes(vendorId)),
          );
          throw ProblemError.conflict(
            `${taken.join(', ')} already stand${taken.length === 1 ? 's' : ''} for ${claimed
              .map((other) => JSON.stringify(other.id))
              .join(', ')}; remove ${taken.length === 1 ? 'it' : 'them'} there first.`,
            'vendor-user-id-taken',
          );
        }
        const person = await this.repository.save(
          manager,
          {
            id,
            name: entry.name,
            email: entry.email,
            timezone: entry.timezone ?? null,
            country: entry.country ?? null,
            vendorUserIds,
          },
          now,
        );
        // People unknown at delivery time are filled in now: jobs that arrived naming the vendor id.
        const repointed = await this.repository.repointVendorUserIds(manager, id, vendorUserIds, now);
        if (repointed > 0)
          this.logger.log({ personId: id, jobs: repointed }, 'jobs repointed to directory person');
        return person;
      });
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw ProblemError.serviceUnavailable();
      throw error;
    }
  }

  /** Directory people by the vendor user ids they stand for: one query for the ids a payload mentions. */
  async findByVendorUserIds(vendorUserIds: readonly string[]): Promise<Map<string, Person>> {
    const found = new Map<string, Person>();
    if (vendorUserIds.length === 0) return found;
    const wanted = [...new Set(vendorUserIds)];
    const people = await this.repository.findByVendorUserIds(this.dataSource.manager, wanted);
    for (const person of people) {
      const snapshot: Person = { id: person.id, name: person.name };
      if (person.email) snapshot.email = person.email;
      if (person.timezone) snapshot.timezone = person.timezone;
      if (person.country) snapshot.country = person.country;
      for (const vendorUserId of person.vendorUserIds) {
        if (wanted.includes(vendorUserId)) found.set(vendorUserId, snapshot);
      }
    }
    return found;
  }
}
