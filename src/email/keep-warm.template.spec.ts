import type { StageKind } from '../canonical/canonical-event.schema';
import { KeepWarmInput, renderKeepWarm } from './keep-warm.template';

const base: KeepWarmInput = {
  candidate: { name: 'Ada Lovelace' },
  jobTitle: 'Staff Engineer',
  companyName: 'Acme',
  recruiterName: 'Priya Shah',
  stage: { kind: 'interview', name: 'Onsite' },
  reason: 'candidate_silent',
  unsubscribeUrl: 'https://keepwarm.example.com/u/abc?sig=1&x=2',
  timezone: 'Europe/London',
};

const agencyContact = { name: 'Morgan Reyes', agencyName: 'Northstar Talent' };

describe('renderKeepWarm', () => {
  it('renders a silence update to the candidate', () => {
    expect(renderKeepWarm(base)).toMatchSnapshot();
  });

  it('renders a missed promise, owning the date in the recipient timezone', () => {
    const email = renderKeepWarm({
      ...base,
      reason: 'update_promise_missed',
      // 23:30 UTC on Friday is already Saturday in Tokyo.
      promisedBy: new Date('2026-11-13T23:30:00Z'),
      timezone: 'Asia/Tokyo',
    });
    expect(email).toMatchSnapshot();
    expect(email.text).toContain('I said I would update you by Saturday 14 November, and I am late with it.');
  });

  it('writes to the agency contact about the candidate', () => {
    const email = renderKeepWarm({ ...base, agencyContact });
    expect(email).toMatchSnapshot();
    expect(email.text.startsWith('Hi Morgan,')).toBe(true);
    expect(email.subject).toContain('Ada Lovelace');
    expect(email.text).toContain("Ada Lovelace's application for the Staff Engineer role with Acme");
    expect(email.text).toContain('Please pass this on to Ada.');
    expect(email.text).not.toContain('your application');
  });

  it('names the candidate when a promise to an agency was missed', () => {
    const email = renderKeepWarm({
      ...base,
      agencyContact,
      reason: 'update_promise_missed',
      promisedBy: new Date('2026-11-13T17:00:00Z'),
    });
    expect(email.text).toContain('I said I would update you about Ada Lovelace by Friday 13 November');
  });

  it('escapes data in the HTML part', () => {
    const email = renderKeepWarm({
      ...base,
      candidate: { name: '<script>alert(1)</script> Lovelace' },
      agencyContact,
      jobTitle: 'Engineer <img src=x onerror=alert(2)>',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps CR/LF out of the subject', () => {
    const email = renderKeepWarm({ ...base, jobTitle: 'Engineer\r\nBcc: victim@example.com' });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('Your application for Engineer Bcc: victim@example.com: where things stand');
  });

  it('never mentions the hiring manager', () => {
    const stages: { kind: StageKind; name: string }[] = [
      { kind: 'applied', name: 'Applied' },
      { kind: 'recruiter_screen', name: 'Phone Screen' },
      { kind: 'hiring_manager_review', name: 'Hiring Manager Review' },
      { kind: 'interview', name: 'HM Interview' },
      { kind: 'interview', name: 'Manager chat' },
      { kind: 'offer', name: 'Offer' },
    ];
    for (const stage of stages) {
      for (const reason of ['candidate_silent', 'update_promise_missed'] as const) {
        for (const contact of [null, agencyContact]) {
          const email = renderKeepWarm({ ...base, stage, reason, agencyContact: contact });
          for (const part of [email.subject, email.text, email.html]) {
            expect(part).not.toMatch(/manager|\bHM\b/i);
          }
        }
      }
    }
  });

  it('promises no outcome', () => {
    const email = renderKeepWarm(base);
    expect(email.text).not.toMatch(
      /\b(offer|you will (get|receive)|guarantee|by (monday|tuesday|wednesday|thursday|friday))\b/i,
    );
  });

  it('shows the stage name only where it helps', () => {
    expect(renderKeepWarm(base).text).toContain('you are at the interview step (Onsite).');
    const review = renderKeepWarm({ ...base, stage: { kind: 'hiring_manager_review', name: 'Team review' } });
    expect(review.text).toContain('you are at the team review step.');
  });

  it('puts the unsubscribe link in both parts', () => {
    const email = renderKeepWarm(base);
    expect(email.text).toContain('Unsubscribe: https://keepwarm.example.com/u/abc?sig=1&x=2');
    expect(email.html).toContain('href="https://keepwarm.example.com/u/abc?sig=1&amp;x=2"');
  });

  it('refuses closed applications', () => {
    for (const kind of ['hired', 'rejected', 'withdrawn'] as const) {
      expect(() => renderKeepWarm({ ...base, stage: { kind, name: kind } })).toThrow(/keep_warm/);
    }
  });
});
