import { z } from 'zod';
import {
  calendarDate,
  dateMessage,
  dateOrDateTime,
  dateOrDateTimeMessage,
  futureMessage,
} from './date-parameters';
import { parseRequest } from './request-validation';

function errorsOf(schema: z.ZodType, value: unknown) {
  try {
    parseRequest(z.strictObject({ when: schema }), { when: value }, 'request');
  } catch (error) {
    return (error as { errors: unknown }).errors;
  }
  throw new Error('expected the value to be refused');
}

describe('calendarDate', () => {
  it.each(['2026-12-08', '2028-02-29'])('takes %s', (value) => {
    expect(calendarDate.parse(value)).toBe(value);
  });

  it.each(['2026-02-29', '2026-13-01', '08/12/2026', '2026-12-08T09:00:00Z', '', 20261208, null])(
    'refuses %p with one message that shows an example',
    (value) => {
      expect(errorsOf(calendarDate, value)).toEqual([{ path: 'when', message: dateMessage }]);
    },
  );
});

describe('dateOrDateTime', () => {
  it('says which it got', () => {
    expect(dateOrDateTime.parse('2026-12-08')).toEqual({ date: '2026-12-08' });
    expect(dateOrDateTime.parse('2026-12-08T09:00:00+01:00')).toEqual({
      at: new Date('2026-12-08T08:00:00Z'),
    });
  });

  it.each(['tomorrow', '2026-12-08T09:00', '2026-02-30', 7, undefined])(
    'refuses %p showing both forms',
    (value) => {
      expect(errorsOf(dateOrDateTime, value)).toEqual([{ path: 'when', message: dateOrDateTimeMessage }]);
      expect(dateOrDateTimeMessage).toContain('e.g. 2026-12-08)');
      expect(dateOrDateTimeMessage).toContain('e.g. 2026-12-08T09:00:00Z');
    },
  );
});

describe('futureMessage', () => {
  it('gives examples two days ahead, which are in the future in every timezone', () => {
    expect(futureMessage(new Date('2026-12-31T23:59:00Z'))).toBe(
      'must be in the future, e.g. 2027-01-02 or 2027-01-02T09:00:00Z',
    );
  });
});
