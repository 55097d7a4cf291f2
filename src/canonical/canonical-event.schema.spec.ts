import { isStorableInstant, parseCanonicalEvent } from './canonical-event.schema';

// Dates in canonical events end up in timestamptz columns and are written back as RFC 3339:
// PostgreSQL has no year 0 and RFC 3339 no five-digit years, so both ends are refused as malformed
// (400 and quarantine) instead of failing in the database.

function hiredAt(occurredAt: string) {
  return parseCanonicalEvent({
    id: 'evt_1',
    type: 'application.hired',
    occurred_at: occurredAt,
    data: { application_id: 'app_1' },
  });
}

describe('canonical date-times', () => {
  it.each(['0001-01-01T00:00:00Z', '2026-11-22T08:00:00+09:00', '9999-12-31T23:59:59Z'])(
    'accepts %s',
    (value) => {
      expect(hiredAt(value).kind).toBe('event');
    },
  );

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['before year 1 once in UTC', '0001-01-01T00:00:00+01:00'],
    ['after 9999 once in UTC', '9999-12-31T23:30:00-01:00'],
  ])('refuses %s, naming the field', (_case, value) => {
    expect(hiredAt(value)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'occurred_at', message: 'must fall between the years 0001 and 9999 (UTC)' }],
    });
  });

  it('gives an unreadable date-time one message, not two', () => {
    expect(hiredAt('yesterday')).toEqual({
      kind: 'invalid',
      errors: [{ path: 'occurred_at', message: 'must be an RFC 3339 date-time with a timezone' }],
    });
  });

  it('bounds storable instants at both ends', () => {
    expect(isStorableInstant(Date.parse('0001-01-01T00:00:00Z'))).toBe(true);
    expect(isStorableInstant(Date.parse('0001-01-01T00:00:00Z') - 1)).toBe(false);
    expect(isStorableInstant(Date.parse('9999-12-31T23:59:59.999Z'))).toBe(true);
    expect(isStorableInstant(Date.parse('9999-12-31T23:59:59.999Z') + 1)).toBe(false);
    expect(isStorableInstant(Number.NaN)).toBe(false);
  });
});
