import type { ActionsBlock, ContextBlock, SectionBlock } from '@slack/types';
import { renderSlackDigestSummary } from '../email/slack/digest-summary.blocks';
import { composeDigest } from './compose/compose-digest';
import { fridayDigestInput } from './compose/digest-input.fixture';

const deskUrl = 'https://keepwarm.example.com/app';

describe('renderSlackDigestSummary', () => {
  const digest = composeDigest(fridayDigestInput);

  it('gives the counts, the most urgent candidates with every reason, and the desk', () => {
    const summary = renderSlackDigestSummary(digest, { deskUrl, maxEntries: 3 });
    expect(summary).toMatchSnapshot();
    expect(summary.text).toBe('8 candidates need you today (5 new): 1 urgent, 3 high, 4 medium');
    const entries = summary.blocks.filter((block): block is SectionBlock => block.type === 'section');
    expect(entries).toHaveLength(3);
    expect(entries[0].text?.text).toMatch(/^\*Ada Lovelace\* — /);
    const more = summary.blocks.find((block): block is ContextBlock => block.type === 'context');
    expect(more?.elements).toEqual([{ type: 'mrkdwn', text: '…and 5 more candidates on the desk' }]);
    const desk = summary.blocks.at(-1) as ActionsBlock;
    expect(desk.elements).toEqual([expect.objectContaining({ action_id: 'kw_open_desk', url: deskUrl })]);
  });

  it('lists a candidate once, with each of their flags as a reason', () => {
    const summary = renderSlackDigestSummary(digest, { deskUrl, maxEntries: 10 });
    const entries = summary.blocks.filter((block): block is SectionBlock => block.type === 'section');
    expect(entries).toHaveLength(digest.counts.candidates);
    const reasons = entries.map((entry) => (entry.text?.text ?? '').split('\n').length - 1);
    expect(reasons.reduce((sum, count) => sum + count, 0)).toBe(digest.counts.reasons);
    expect(summary.blocks.some((block) => block.type === 'context')).toBe(false);
  });

  it('puts buttons under each entry, their action ids kept apart', () => {
    const summary = renderSlackDigestSummary(digest, {
      deskUrl,
      maxEntries: 2,
      entryButtons: (entry) => [
        { id: 'snooze_1d', label: 'Snooze 1 day', value: `token-${entry.application_id}` },
      ],
    });
    const rows = summary.blocks.filter(
      (block): block is ActionsBlock => block.type === 'actions' && block.block_id !== 'kw_desk',
    );
    expect(rows.map((row) => row.elements[0])).toEqual([
      expect.objectContaining({ action_id: 'kw_snooze_1d_0', value: 'token-app-ada' }),
      expect.objectContaining({ action_id: 'kw_snooze_1d_1' }),
    ]);
  });

  it('stays within 50 blocks however many candidates are asked for', () => {
    const many = composeDigest({
      ...fridayDigestInput,
      maxCandidates: 60,
      items: Array.from({ length: 60 }, (_, index) => ({
        ...fridayDigestInput.items[index % fridayDigestInput.items.length],
        flag: {
          ...fridayDigestInput.items[index % fridayDigestInput.items.length].flag,
          id: `flag-${index}`,
        },
        application: { id: `app-${index}`, url: null, stageName: 'Onsite', stageKind: 'interview' as const },
      })),
    });
    const plain = renderSlackDigestSummary(many, { deskUrl, maxEntries: 100 });
    expect(plain.blocks).toHaveLength(50);
    const withButtons = renderSlackDigestSummary(many, {
      deskUrl,
      maxEntries: 100,
      entryButtons: () => [{ id: 'snooze', label: 'Snooze', value: 'token' }],
    });
    expect(withButtons.blocks.length).toBeLessThanOrEqual(50);
    expect(withButtons.blocks.filter((block) => block.type === 'section')).toHaveLength(23);
  });

  it('says so when nobody needs the recruiter', () => {
    const empty = composeDigest({ ...fridayDigestInput, items: [], managerStats: [] });
    const summary = renderSlackDigestSummary(empty, { deskUrl });
    expect(summary.text).toBe('No candidates need you today');
    expect(summary.blocks.map((block) => block.type)).toEqual(['header', 'actions']);
  });
});
