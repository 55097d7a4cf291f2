import { blockActionsPayload, interactionBody } from './slack-interaction.fixture';
import { readSlackInteraction } from './slack-interaction';

const read = (body: string) => readSlackInteraction(Buffer.from(body));

describe('readSlackInteraction', () => {
  it('reads a button press: who, which button, its token, the message and where to answer', () => {
    expect(read(interactionBody(blockActionsPayload()))).toEqual({
      ok: true,
      interaction: {
        kind: 'button_presses',
        presses: [
          {
            actionId: 'kw_snooze_2d',
            value: 'one-click-token-snooze-2d',
            blockId: 'kw_snoozes',
            user: { id: 'U0123ABCDEF', teamId: 'T012AB3C4', username: 'rachel' },
            message: { channel: 'D0123ABCDEF', ts: '1764640000.000100' },
            responseUrl: 'https://hooks.slack.com/actions/T012AB3C4/1395872398/abc123',
            actionTs: '1764640100.123456',
          },
        ],
      },
    });
  });

  it('falls back to channel and message when there is no container', () => {
    const { container: _container, ...payload } = blockActionsPayload({
      channelId: 'D999',
      messageTs: '1.2',
    });
    const result = read(interactionBody(payload));
    expect(
      result.ok && result.interaction.kind === 'button_presses' && result.interaction.presses[0].message,
    ).toEqual({
      channel: 'D999',
      ts: '1.2',
    });
  });

  it('ignores a link button (the desk), which reports its press without a value', () => {
    const payload = blockActionsPayload();
    payload.actions = [
      { type: 'button', action_id: 'kw_open_desk', block_id: 'kw_actions', action_ts: '1.1' },
    ];
    expect(read(interactionBody(payload))).toEqual({
      ok: true,
      interaction: { kind: 'ignored', type: 'block_actions' },
    });
  });

  it('ignores interaction types keepwarm never asks for', () => {
    expect(read(interactionBody({ type: 'view_submission', view: {} }))).toEqual({
      ok: true,
      interaction: { kind: 'ignored', type: 'view_submission' },
    });
  });

  it('says what is wrong with a body it cannot read', () => {
    expect(read('')).toEqual({
      ok: false,
      issues: [{ path: ['payload'], message: 'the form field "payload" is missing' }],
    });
    expect(read('payload=%7Bnot-json')).toEqual({
      ok: false,
      issues: [{ path: ['payload'], message: 'is not JSON' }],
    });
    const noUser = blockActionsPayload();
    delete noUser.user;
    const result = read(interactionBody(noUser));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path.join('.'))).toContain('payload.user');
    const badUrl = read(interactionBody(blockActionsPayload({ responseUrl: 'javascript:alert(1)' })));
    expect(!badUrl.ok && badUrl.issues[0]).toEqual({
      path: ['payload', 'response_url'],
      message: 'must be an http(s) URL',
    });
    expect(read(interactionBody({ actions: [] })).ok).toBe(false);
  });
});
