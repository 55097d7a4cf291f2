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

describe('canonical date-time forms', () => {
  // RFC 3339, plus what keepwarm has always read: no seconds, an offset without its colon.
  it.each([
    '2026-11-20T15:04:05.123Z',
    '2026-11-20T15:04Z',
    '2026-11-20T15:04:05+0100',
    '2028-02-29T00:00:00Z',
  ])('accepts %s', (value) => {
    expect(hiredAt(value).kind).toBe('event');
  });

  it.each([
    '2026-11-20',
    '2026-11-20 15:04:05Z',
    '2026-11-20T15:04:05',
    '2026-11-20t15:04:05z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T15:04:05+24:00',
    '2026-11-20T15:04:05+01',
  ])('refuses %s with one message', (value) => {
    expect(hiredAt(value)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'occurred_at', message: 'must be an RFC 3339 date-time with a timezone' }],
    });
  });

  it('says "Required" when the date-time is missing and names a wrong type', () => {
    expect(hiredAt(undefined as unknown as string)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'occurred_at', message: 'Required' }],
    });
    expect(hiredAt(7 as unknown as string)).toEqual({
      kind: 'invalid',
      errors: [{ path: 'occurred_at', message: 'Expected string, received number' }],
    });
  });
});

describe('canonical ids', () => {
  function rejected(applicationId: unknown) {
    return parseCanonicalEvent({
      id: 'evt_1',
      type: 'application.rejected',
      occurred_at: '2026-11-20T15:04:05Z',
      data: { application_id: applicationId },
    });
  }

  it('reads strings and non-negative integers as string ids', () => {
    expect(rejected(' app_1 ')).toMatchObject({
      kind: 'event',
      event: { data: { application_id: 'app_1' } },
    });
    expect(rejected(42)).toMatchObject({ kind: 'event', event: { data: { application_id: '42' } } });
  });

  it.each([
    ['', 'must not be empty'],
    [1.5, 'Expected integer, received float'],
    [-1, 'Number must be greater than or equal to 0'],
  ])('refuses %p: %s', (value, message) => {
    expect(rejected(value)).toEqual({ kind: 'invalid', errors: [{ path: 'data.application_id', message }] });
  });
});
