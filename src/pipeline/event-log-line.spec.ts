import { eventLogLine, readEventLogLine } from './event-log-line';

const contacted = {
  id: 'evt_1',
  type: 'candidate.contacted',
  occurred_at: '2026-11-20T15:04:05Z',
  data: { application_id: 'app_1', direction: 'outbound', channel: 'email' },
};
const updateSent = {
  id: 'update:n_1',
  type: 'keepwarm.update_sent',
  occurred_at: '2026-11-20T15:04:05.000Z',
  data: { application_id: 'app_1', notification_id: 'n_1' },
};

const read = (line: string, defaultSource = 'canonical') => readEventLogLine(JSON.parse(line), defaultSource);

describe('event log lines (export-events, import)', () => {
  it('carry the source, and read back as they were written', () => {
    expect(read(eventLogLine({ source: 'greenhouse', payload: contacted }))).toEqual({
      kind: 'event',
      source: 'greenhouse',
      event: contacted,
    });
    expect(read(eventLogLine({ source: 'keepwarm', payload: updateSent }))).toEqual({
      kind: 'event',
      source: 'keepwarm',
      event: updateSent,
    });
  });

  it('give lines without a source the default, and keepwarm.update_sent always keepwarm', () => {
    expect(read(JSON.stringify(contacted), 'lever')).toMatchObject({ kind: 'event', source: 'lever' });
    expect(read(JSON.stringify(updateSent), 'lever')).toMatchObject({ kind: 'event', source: 'keepwarm' });
  });

  it('refuse a keepwarm.update_sent of another source, a bad source, and a malformed update', () => {
    expect(read(JSON.stringify({ ...updateSent, source: 'canonical' }))).toEqual({
      kind: 'invalid',
      errors: [{ path: 'source', message: expect.stringContaining("keepwarm's own record") }],
    });
    expect(read(JSON.stringify({ ...contacted, source: 'no spaces please' }))).toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'source' }],
    });
    expect(read(JSON.stringify({ ...updateSent, data: { application_id: 'app_1' } }))).toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'data.notification_id' }],
    });
  });

  it('leave types keepwarm does not know to the caller', () => {
    expect(read(JSON.stringify({ ...contacted, type: 'offer.accepted' }))).toEqual({
      kind: 'unknown_type',
      type: 'offer.accepted',
    });
  });
});
