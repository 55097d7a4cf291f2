import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Person } from '../canonical/canonical-event.schema';
import { PeopleService } from '../pipeline/people.service';
import type { PayloadReader, ReadResult } from './payload-readers';
import { QuarantineReplayService } from './quarantine-replay.service';
import { withStorageDeadline } from './storage-deadline';
import {
  isRecord,
  mapAshby,
  mapGreenhouse,
  mapLever,
  type AdapterResult,
  type Vendor,
  type VendorDirectory,
} from './vendors';

/**
 * Maps a payload with the directory's people in it. Adapters are pure and ask a synchronous
 * directory, so a first pass records the vendor user ids the payload mentions, one query loads the
 * people behind them, and a second pass maps with those people.
 */
export async function mapWithDirectory(
  map: (directory: VendorDirectory) => AdapterResult,
  lookUp: (vendorUserIds: string[]) => Promise<Map<string, Person>>,
): Promise<AdapterResult> {
  const mentioned = new Set<string>();
  const first = map({
    findByVendorUserId(vendorUserId) {
      mentioned.add(vendorUserId);
      return undefined;
    },
  });
  if (first.kind !== 'events' || mentioned.size === 0) return first;
  const people = await lookUp([...mentioned]);
  if (people.size === 0) return first;
  return map({ findByVendorUserId: (vendorUserId) => people.get(vendorUserId) });
}

export function toReadResult(vendor: Vendor, body: unknown, result: AdapterResult): ReadResult {
  switch (result.kind) {
    case 'events':
      // The vendor's own payload is kept beside each event, for audit and replay.
      return { kind: 'events', events: result.events.map((event) => ({ event, vendorPayload: body })) };
    case 'invalid':
      return { kind: 'invalid', reason: `${vendor} payload not readable`, errors: result.errors };
    default:
      return result;
  }
}

// Greenhouse documents its ping only as "a payload containing some configuration settings for the
// webhook". Whatever its shape, an authentic body with neither `action` nor `payload` is no event:
// answering it 400 would leave the webhook created disabled.
function isGreenhouseConfigurationPing(body: unknown): boolean {
  return isRecord(body) && body.action === undefined && body.payload === undefined;
}

/** One reader per vendor, used by the endpoints and by `replay-quarantine`. */
@Injectable()
export class VendorReaders implements OnModuleInit {
  readonly greenhouse: PayloadReader = (body, context) =>
    isGreenhouseConfigurationPing(body)
      ? { kind: 'ping' }
      : this.read('greenhouse', body, (directory) =>
          mapGreenhouse(body, {
            deliveryId: context.deliveryId ?? '',
            receivedAt: context.receivedAt,
            directory,
          }),
        );

  // Lever's signature and single-use token were checked when the payload arrived; a replay maps only.
  readonly lever: PayloadReader = (body, context) =>
    this.read('lever', body, (directory) => mapLever(body, { receivedAt: context.receivedAt, directory }));

  readonly ashby: PayloadReader = (body, context) =>
    this.read('ashby', body, (directory) => mapAshby(body, { receivedAt: context.receivedAt, directory }));

  constructor(
    private readonly people: PeopleService,
    private readonly quarantineReplay: QuarantineReplayService,
  ) {}

  onModuleInit(): void {
    this.quarantineReplay.registerReader('greenhouse', this.greenhouse);
    this.quarantineReplay.registerReader('lever', this.lever);
    this.quarantineReplay.registerReader('ashby', this.ashby);
  }

  private async read(
    vendor: Vendor,
    body: unknown,
    map: (directory: VendorDirectory) => AdapterResult,
  ): Promise<ReadResult> {
    // The directory lookup is storage work like the ingest after it: bounded the same way.
    const result = await mapWithDirectory(map, (ids) =>
      withStorageDeadline(() => this.people.findByVendorUserIds(ids)),
    );
    return toReadResult(vendor, body, result);
  }
}
