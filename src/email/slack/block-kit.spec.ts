import type { KnownBlock } from '@slack/types';
import {
  actionButton,
  actions,
  BlockKitLimitError,
  blockKitLimits,
  context,
  escapeMrkdwn,
  header,
  linkButton,
  message,
  section,
  truncate,
} from './block-kit';

const token = (length: number) => 'k'.repeat(length);
const urlOfLength = (length: number) => {
  const base = 'https://desk.example.com/app/';
  return base + 'a'.repeat(length - base.length);
};

describe('escapeMrkdwn', () => {
  it("turns Slack's control characters into entities, so a name cannot mention or link", () => {
    expect(escapeMrkdwn('Tom & Jerry <!channel> <https://evil.example|Click> >')).toBe(
      'Tom &amp; Jerry &lt;!channel&gt; &lt;https://evil.example|Click&gt; &gt;',
    );
  });

  it('keeps a name on one line', () => {
    expect(escapeMrkdwn('Ada\nLovelace\u0000\u202e')).toBe('Ada Lovelace');
    expect(escapeMrkdwn(null)).toBe('');
  });
});

describe('truncate', () => {
  it('leaves text at the limit alone and ends shortened text with an ellipsis', () => {
    expect(truncate('abcde', 5)).toBe('abcde');
    expect(truncate('abcdef', 5)).toBe('abcd…');
  });

  it('never cuts an escaped entity or a surrogate pair in half', () => {
    expect(truncate('abc&amp;def', 6)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});

describe('buttons', () => {
  const view = { id: 'snooze_2d', label: 'Snooze 2 days', value: 'token' };

  it('takes a label of 1 to 75 characters and shortens a longer one to 75', () => {
    expect(actionButton({ ...view, label: 'x' }).text.text).toBe('x');
    expect(actionButton({ ...view, label: token(75) }).text.text).toBe(token(75));
    const shortened = actionButton({ ...view, label: token(76) }).text.text;
    expect(shortened).toHaveLength(blockKitLimits.buttonText);
    expect(shortened.endsWith('…')).toBe(true);
    expect(() => actionButton({ ...view, label: '' })).toThrow(BlockKitLimitError);
    expect(() => actionButton({ ...view, label: ' \n ' })).toThrow(BlockKitLimitError);
  });

  it('carries a value of up to 2000 characters and refuses a longer one rather than cut a token', () => {
    expect(actionButton({ ...view, value: token(2000) }).value).toHaveLength(2000);
    expect(() => actionButton({ ...view, value: token(2001) })).toThrow(/1 to 2000 characters/);
    expect(() => actionButton({ ...view, value: '' })).toThrow(BlockKitLimitError);
  });

  it('prefixes action ids with kw_ and refuses one over 255 characters', () => {
    expect(actionButton(view).action_id).toBe('kw_snooze_2d');
    expect(actionButton({ ...view, id: token(252) }).action_id).toHaveLength(255);
    expect(() => actionButton({ ...view, id: token(253) })).toThrow(/action_id/);
    expect(() => actionButton({ ...view, id: 'has space' })).toThrow(BlockKitLimitError);
  });

  it('links to an http(s) URL of up to 3000 characters', () => {
    expect(linkButton('open_desk', 'Open', urlOfLength(3000)).url).toHaveLength(3000);
    expect(() => linkButton('open_desk', 'Open', urlOfLength(3001))).toThrow(/3000 characters/);
    expect(() => linkButton('open_desk', 'Open', 'javascript:alert(1)')).toThrow(BlockKitLimitError);
  });
});

describe('blocks', () => {
  it('keeps section text to 3000 characters', () => {
    expect(section(token(3000)).text?.text).toBe(token(3000));
    const shortened = section(token(3001)).text?.text ?? '';
    expect(shortened).toHaveLength(blockKitLimits.sectionText);
    expect(shortened.endsWith('…')).toBe(true);
    expect(() => section('  ')).toThrow(BlockKitLimitError);
  });

  it('keeps header text to 150 characters of plain text', () => {
    expect(header(token(150)).text.text).toBe(token(150));
    expect(header(token(151)).text.text).toHaveLength(blockKitLimits.headerText);
    expect(header('A <!here> & C').text).toEqual({ type: 'plain_text', text: 'A !here & C', emoji: true });
  });

  it('holds 1 to 25 elements in an actions block and 1 to 10 in a context block', () => {
    const button = (index: number) => actionButton({ id: `b${index}`, label: 'Go', value: 'v' });
    expect(
      actions(
        'kw_a',
        Array.from({ length: 25 }, (_, index) => button(index)),
      ).elements,
    ).toHaveLength(25);
    expect(() =>
      actions(
        'kw_a',
        Array.from({ length: 26 }, (_, index) => button(index)),
      ),
    ).toThrow(BlockKitLimitError);
    expect(() => actions('kw_a', [])).toThrow(BlockKitLimitError);
    expect(context(Array.from({ length: 10 }, () => 'x')).elements).toHaveLength(10);
    expect(() => context(Array.from({ length: 11 }, () => 'x'))).toThrow(BlockKitLimitError);
  });
});

describe('message', () => {
  it('holds at most 50 blocks', () => {
    const blocks = (count: number): KnownBlock[] => Array.from({ length: count }, () => section('x'));
    expect(message('text', blocks(50)).blocks).toHaveLength(50);
    expect(() => message('text', blocks(51))).toThrow(/at most 50 blocks/);
  });

  it('refuses an action id used twice', () => {
    const button = actionButton({ id: 'snooze', label: 'Snooze', value: 'v' });
    expect(() => message('text', [actions('kw_a', [button]), actions('kw_b', [button])])).toThrow(
      /kw_snooze appears twice/,
    );
  });

  it('keeps the notification line short', () => {
    expect(message(token(1000), []).text.length).toBeLessThanOrEqual(300);
  });
});
