import type { SectionBlock } from '@slack/types';
import { renderSlackActionOutcome, type SlackActionOutcomeView } from './action-outcome.blocks';

const view: SlackActionOutcomeView = {
  actor_slack_user_id: 'U0123ABCDEF',
  actor_name: 'Rachel Green',
  candidate_name: 'Adam Hart',
  outcome: { kind: 'recorded', what: 'snoozed for 2 days' },
  at: new Date('2026-11-20T08:14:00Z'),
  timezone: 'Europe/Paris',
  desk_url: 'https://keepwarm.example.com/app/applications/app-1',
};

const firstLine = (outcome: SlackActionOutcomeView) =>
  (renderSlackActionOutcome(outcome).blocks[0] as SectionBlock).text?.text;

describe('renderSlackActionOutcome', () => {
  it('says who did what, when, and leaves no button to press again', () => {
    const outcome = renderSlackActionOutcome(view);
    expect(outcome).toMatchSnapshot();
    expect(outcome.text).toBe('✅ *Adam Hart*: snoozed for 2 days by <@U0123ABCDEF>');
    expect(JSON.stringify(outcome.blocks)).toContain('Friday 20 November at 09:14');
    const buttons = outcome.blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
    expect(buttons).toEqual([expect.objectContaining({ action_id: 'kw_open_desk', url: view.desk_url })]);
  });

  it('says the application changed instead of pretending the press worked', () => {
    expect(
      firstLine({ ...view, outcome: { kind: 'changed', detail: 'moved to Offer since this alert' } }),
    ).toBe(
      '⚠️ *Adam Hart*: nothing recorded for <@U0123ABCDEF>, the application moved to Offer since this alert',
    );
    expect(firstLine({ ...view, outcome: { kind: 'failed', detail: 'the link expired' } })).toBe(
      "❌ *Adam Hart*: <@U0123ABCDEF>'s action could not be recorded (the link expired); try again from the desk",
    );
  });

  it('names the actor in escaped text when there is no valid Slack user id to mention', () => {
    expect(firstLine({ ...view, actor_slack_user_id: '<!here>', actor_name: 'R & <G>' })).toBe(
      '✅ *Adam Hart*: snoozed for 2 days by R &amp; &lt;G&gt;',
    );
    expect(firstLine({ ...view, actor_slack_user_id: null, actor_name: '' })).toBe(
      '✅ *Adam Hart*: snoozed for 2 days by Someone',
    );
  });
});
