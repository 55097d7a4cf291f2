import { compareByUrgency, severityRank, type UrgencyKey } from './urgency';

const key = (id: string, severity: UrgencyKey['severity'], waitingSince: string): UrgencyKey => ({
  id,
  severity,
  waitingSince: new Date(waitingSince),
});

describe('the urgency order', () => {
  it('ranks severities low < medium < high < urgent', () => {
    expect(['low', 'medium', 'high', 'urgent'].map((s) => severityRank(s as UrgencyKey['severity']))).toEqual(
      [0, 1, 2, 3],
    );
  });

  it('puts the more severe first, then the longest wait, then the id', () => {
    const keys = [
      key('b', 'medium', '2026-03-02T10:00:00Z'),
      key('a', 'medium', '2026-03-02T10:00:00Z'),
      key('c', 'high', '2026-03-05T10:00:00Z'),
      key('d', 'medium', '2026-03-01T10:00:00Z'),
      key('e', 'urgent', '2026-03-06T10:00:00Z'),
      key('f', 'low', '2026-01-01T10:00:00Z'),
    ];
    expect([...keys].sort(compareByUrgency).map((k) => k.id)).toEqual(['e', 'c', 'd', 'a', 'b', 'f']);
  });

  it('is a total order: equal only for the same key', () => {
    const a = key('11111111-1111-4111-8111-111111111111', 'high', '2026-03-02T10:00:00Z');
    expect(compareByUrgency(a, { ...a })).toBe(0);
    const b = { ...a, id: '21111111-1111-4111-8111-111111111111' };
    expect(compareByUrgency(a, b)).toBeLessThan(0);
    expect(compareByUrgency(b, a)).toBeGreaterThan(0);
  });
});
