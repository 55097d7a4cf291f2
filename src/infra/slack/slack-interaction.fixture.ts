// A block_actions payload as Slack posts it when a button is pressed, in the documented shape
// (docs.slack.dev/reference/interaction-payloads/block_actions-payload; field types as in bolt-js
// src/types/actions/block-action.ts). Sent form-encoded: `payload=<url-encoded JSON>`
// (api.slack.com/interactivity/handling).

export interface ButtonPressOptions {
  userId?: string;
  actionId?: string;
  value?: string;
  responseUrl?: string;
  channelId?: string;
  messageTs?: string;
  /** More buttons in the same payload (Slack sends one per press; the shape allows several). */
  extraActions?: Record<string, unknown>[];
}

export function blockActionsPayload(options: ButtonPressOptions = {}): Record<string, unknown> {
  const channel = options.channelId ?? 'D0123ABCDEF';
  const ts = options.messageTs ?? '1764640000.000100';
  return {
    type: 'block_actions',
    user: { id: options.userId ?? 'U0123ABCDEF', username: 'rachel', name: 'rachel', team_id: 'T012AB3C4' },
    api_app_id: 'A0KRD7HC3',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: '12466734323.1395872398.cc2e1ccd3d5f5b8f1da4ba6a2d5f6c03',
    team: { id: 'T012AB3C4', domain: 'acme' },
    channel: { id: channel, name: 'directmessage' },
    message: { type: 'message', ts, text: 'Adam Hart needs you now', bot_id: 'B19LU7CSY', blocks: [] },
    response_url: options.responseUrl ?? 'https://hooks.slack.com/actions/T012AB3C4/1395872398/abc123',
    actions: [
      {
        type: 'button',
        action_id: options.actionId ?? 'kw_snooze_2d',
        block_id: 'kw_snoozes',
        value: options.value ?? 'one-click-token-snooze-2d',
        text: { type: 'plain_text', text: 'Snooze 2 days', emoji: true },
        action_ts: '1764640100.123456',
      },
      ...(options.extraActions ?? []),
    ],
  };
}

/** The form body Slack posts: one field, `payload`, holding the JSON. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
