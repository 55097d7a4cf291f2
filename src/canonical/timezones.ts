import { IANAZone } from 'luxon';

// Whether a name is an IANA timezone this runtime knows. Asked for every person in every webhook and
// every sweep, so the answers are cached (the set of names in use is small).
const known = new Map<string, boolean>();

export function isKnownTimezone(zone: string): boolean {
  let valid = known.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (known.size > 10_000) known.clear();
    known.set(zone, valid);
  }
  return valid;
}
