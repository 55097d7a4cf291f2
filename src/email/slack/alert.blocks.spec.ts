import type { ActionsBlock, SectionBlock } from '@slack/types';
import { renderSlackAlert, type SlackAlertView } from './alert.blocks';

const view: SlackAlertView = {
  candidate_name: 'Adam Hart',
  job_title: 'Data Engineer',
  stage_name: 'Onsite',
  severity: 'urgent',
  reasons: [
    { title: 'Competing offer deadline', measure: { text: 'deadline in 2 days (Friday 20 November)' } },
    { title: 'Update promised', measure: { text: 'promised 3 business days ago' } },
  ],
  actions: [
    { id: 'contacted', label: 'I called them', value: 'one-click-token-contacted' },
    { id: 'dismiss', label: 'Not needed', value: 'one-click-token-dismiss' },
  ],
  snoozes: [
    { id: 'snooze_1d', label: 'Snooze 1 day', value: 'one-click-token-snooze-1d' },
    { id: 'snooze_1w', label: 'Snooze 1 week', value: 'one-click-token-snooze-1w' },
  ],
  desk_url: 'https://keepwarm.example.com/app/applications/app-1',
};

describe('renderSlackAlert', () => {
  it('names the candidate, every reason with its number, and offers the buttons', () => {
    const alert = renderSlackAlert(view);
    expect(alert).toMatchSnapshot();
    expect(alert.text).toBe('Adam Hart: Competing offer deadline (deadline in 2 days (Friday 20 November))');
    const body = (alert.blocks[1] as SectionBlock).text?.text;
    expect(body).toBe(
      [
        '*Adam Hart* — Data Engineer · Onsite',
        '• *Competing offer deadline*: deadline in 2 days (Friday 20 November)',
        '• *Update promised*: promised 3 business days ago',
      ].join('\n'),
    );
  });

  it('carries each one-click token as an opaque button value, the first action suggested', () => {
    const [act, snooze] = renderSlackAlert(view).blocks.filter(
      (block): block is ActionsBlock => block.type === 'actions',
    );
    expect(act.elements).toEqual([
      expect.objectContaining({
        action_id: 'kw_contacted',
        value: 'one-click-token-contacted',
        style: 'primary',
      }),
      expect.objectContaining({ action_id: 'kw_dismiss', value: 'one-click-token-dismiss' }),
      expect.objectContaining({ action_id: 'kw_open_desk', url: view.desk_url }),
    ]);
    expect(act.elements[1]).not.toHaveProperty('style');
    expect(snooze.elements.map((element) => ('value' in element ? element.value : null))).toEqual([
      'one-click-token-snooze-1d',
      'one-click-token-snooze-1w',
    ]);
  });

  it('escapes names so that they cannot mention a channel or hide a link', () => {
    const alert = renderSlackAlert({ ...view, candidate_name: '<!channel> & <https://evil.example|you>' });
    const serialized = JSON.stringify(alert);
    expect(serialized).not.toContain('<!channel>');
    expect(serialized).not.toContain('<https://evil');
    expect((alert.blocks[1] as SectionBlock).text?.text).toContain(
      '*&lt;!channel&gt; &amp; &lt;https://evil.example|you&gt;*',
    );
    expect(alert.text).toMatch(/^&lt;!channel&gt; &amp; &lt;https:\/\/evil.example\|you&gt;: /);
  });

  it('leaves out the snooze row when there is nothing to snooze', () => {
    const alert = renderSlackAlert({ ...view, snoozes: [], severity: 'high' });
    expect(alert.blocks.filter((block) => block.type === 'actions')).toHaveLength(1);
    expect(alert.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Adam Hart needs you now' } });
  });
});
