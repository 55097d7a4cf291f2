import { composeDigest } from './compose/compose-digest';
import { fridayDigestInput } from './compose/digest-input.fixture';
import { renderDigest } from '../email/digest.template';

describe('renderDigest', () => {
  const digest = composeDigest(fridayDigestInput);

  it('renders the full digest', () => {
    expect(
      renderDigest(digest, { attentionUrl: 'https://keepwarm.example.com/v1/attention' }),
    ).toMatchSnapshot();
  });

  it('summarises the counts in the subject', () => {
    expect(renderDigest(digest).subject).toBe(
      '8 candidates need you today (9 items): 1 urgent, 4 high, 4 medium',
    );
    const oneFlagEach = composeDigest({
      ...fridayDigestInput,
      items: fridayDigestInput.items.filter((item) => item.flag.id !== 'flag-decision-grace'),
    });
    expect(renderDigest(oneFlagEach).subject).toBe('8 candidates need you today: 1 urgent, 3 high, 4 medium');
  });

  it('keeps sections in order and links candidates to the ATS', () => {
    const { html, text } = renderDigest(digest);
    const titles = digest.sections.map((section) => section.title);
    const positions = titles.map((title) => html.indexOf(title.replace(/'/g, '&#39;')));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('href="https://ats.example.com/applications/app-ada"');
    expect(text).toContain('101 business hours waiting on Dana Lee');
    expect(text).toContain(
      "Hiring managers' median time to feedback:\n- Dana Lee: 73.5 hours (6 feedback requests)",
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
    const { html, subject } = renderDigest(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('renders an empty digest', () => {
    const empty = composeDigest({ ...fridayDigestInput, items: [], managerStats: [] });
    const email = renderDigest(empty);
    expect(email).toMatchSnapshot();
    expect(email.subject).toBe('No candidates need you today');
  });
});
