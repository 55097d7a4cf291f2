import { composeDigest } from './compose/compose-digest';
import { fridayDigestInput } from './compose/digest-input.fixture';
import { renderDigest } from '../email/digest.template';

describe('renderDigest', () => {
  const digest = composeDigest(fridayDigestInput);

  it('renders the full digest', () => {
    expect(renderDigest(digest)).toMatchSnapshot();
  });

  it('counts candidates in the subject, never flags', () => {
    // Nine open reasons behind eight candidates, five of them new since Thursday's digest.
    expect(renderDigest(digest).subject).toBe(
      '8 candidates need you today (5 new): 1 urgent, 3 high, 4 medium',
    );
    const first = composeDigest({ ...fridayDigestInput, previous: null });
    expect(renderDigest(first).subject).toBe('8 candidates need you today: 1 urgent, 3 high, 4 medium');
    const one = composeDigest({ ...fridayDigestInput, items: fridayDigestInput.items.slice(0, 1) });
    expect(renderDigest(one).subject).toBe('1 candidate needs you today (1 new): 1 urgent');
  });

  it('names each candidate once, most urgent first, with every reason and what to do', () => {
    const { html, text } = renderDigest(digest);
    const names = digest.entries.map((entry) => entry.candidate_name);
    for (const rendered of [html, text]) {
      const positions = names.map((name) => rendered.indexOf(name));
      expect(positions.every((position) => position > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      for (const name of names) expect(rendered.split(name)).toHaveLength(2);
    }
    expect(text).toContain(
      [
        '2. Grace Hopper — NEW · HIGH',
        '   Backend Engineer · Hiring Manager Review',
        '   - No decision from Dana Lee after 11 business days (new)',
        '   - Waiting 4 business days for feedback from Dana Lee',
        '   To do: Consider a rejection · Nudge the hiring manager',
        '   keepwarm: manager reminded twice, last Wednesday',
        '   https://ats.example.com/applications/app-grace',
      ].join('\n'),
    );
    expect(html).toContain('href="https://ats.example.com/applications/app-ada"');
    expect(text).not.toMatch(/business hours/);
    expect(text).toContain(
      "Hiring managers' median time to feedback:\n- Dana Lee: 73.5 hours (6 feedback requests)",
    );
  });

  it("says a candidate waits for a reply, and what keepwarm's update already answered, without asking for it", () => {
    const { text, html } = renderDigest(digest);
    expect(text).toContain(
      '   Wrote yesterday and is waiting for your reply: keepwarm sends no automatic update until a person answers.',
    );
    expect(text).toContain(
      [
        'ALREADY ANSWERED BY KEEPWARM (nothing to do)',
        '- Hedy Lamarr, Data Analyst · Applied',
        '  No update for 5 business days: keepwarm sent an update today at 07:30, nothing to do',
      ].join('\n'),
    );
    // She waits for a reply: that reply is the promised update too, one thing to do.
    expect(text).toContain(
      '   - Update promised by Wed 18 Nov, 1 business day overdue\n   To do: Reply to the candidate\n',
    );
    const hedy = text.slice(text.indexOf('- Hedy Lamarr'));
    expect(hedy).not.toContain('To do');
    expect(html).toContain('Already answered by keepwarm');
  });

  it('marks what is new since the previous digest, and nothing in a first digest', () => {
    const { text } = renderDigest(digest);
    expect(text).toContain('"New" marks what came up since your digest of Thursday 19 November.');
    expect(text).toContain('1. Ada Lovelace — NEW · URGENT');
    expect(text).toContain('3. Edsger Dijkstra — HIGH');
    const first = renderDigest(composeDigest({ ...fridayDigestInput, previous: null }));
    expect(first.text).toContain('Your first keepwarm digest: everything in it is new.');
    expect(first.text).not.toContain('NEW');
    expect(first.html).not.toMatch(/>new</i);
  });

  it('names at most max_candidates and sends the rest to the desk, counted', () => {
    const capped = composeDigest({ ...fridayDigestInput, maxCandidates: 3 });
    const { text, html, subject } = renderDigest(capped);
    expect(subject).toBe('8 candidates need you today (5 new): 1 urgent, 3 high, 4 medium');
    expect(text).toContain(
      '5 more candidates need you; keepwarm answered 1 more on its own. See everyone on your desk: https://keepwarm.example.com/app',
    );
    expect(html).toContain('href="https://keepwarm.example.com/app"');
    for (const hidden of ['Katherine Johnson', 'Alan Turing', 'Hedy Lamarr']) {
      expect(text).not.toContain(hidden);
      expect(html).not.toContain(hidden);
    }
    // Everyone who needs the recruiter fits; only what keepwarm answered is left over.
    const allButAnswered = renderDigest(composeDigest({ ...fridayDigestInput, maxCandidates: 8 }));
    expect(allButAnswered.text).toContain(
      '\nkeepwarm answered 1 more on its own. See everyone on your desk: https://keepwarm.example.com/app',
    );
  });

  it('is a single phone-width column', () => {
    const { html } = renderDigest(digest);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('max-width:640px');
    expect(html).not.toContain('<style');
  });

  it('escapes candidate names', () => {
    const hostile = composeDigest({
      ...fridayDigestInput,
      items: [{ ...fridayDigestInput.items[0], candidate: { name: '<script>alert(1)</script>' } }],
    });
    const { html, subject, text } = renderDigest(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(text).toContain('1. <script>alert(1)</script>');
  });

  it('renders an empty digest', () => {
    const empty = composeDigest({ ...fridayDigestInput, items: [], managerStats: [] });
    const email = renderDigest(empty);
    expect(email).toMatchSnapshot();
    expect(email.subject).toBe('No candidates need you today');
    expect(email.text).toContain('Nothing needs you today. Enjoy the quiet.');
  });
});
