import { z } from 'zod';
import type { SlackMessageRef } from './slack-client';

// What Slack posts to the interactivity request URL when someone presses a button in a message
// (docs.slack.dev/reference/interaction-payloads/block_actions-payload): a form body whose `payload`
// field is JSON (api.slack.com/interactivity/handling). Only what keepwarm uses is read; the rest,
// including the legacy verification `token`, is dropped: the request signature is the proof.

const button = z.object({
  type: z.string(),
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  // Echoed as sent; keepwarm sends at most 2,000 characters (the Block Kit limit).
  value: z.string().max(2000).optional(),
  action_ts: z.string().optional(),
});

const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({
    id: z.string().min(1).max(64),
    username: z.string().optional(),
    team_id: z.string().optional(),
  }),
  team: z.object({ id: z.string() }).nullable().optional(),
  // Where the pressed message is: `container` for messages, `channel` + `message` as the older spelling.
  container: z
    .object({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional() })
    .optional(),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string() }).optional(),
  response_url: z
    .string()
    .refine((value) => /^https?:$/.test(urlProtocol(value)), { message: 'must be an http(s) URL' })
    .optional(),
  actions: z.array(button).min(1).max(25),
});

const payloadType = z.object({ type: z.string().min(1) });

/** One pressed button of a keepwarm message, as the handler receives it. */
export interface SlackButtonPress {
  actionId: string;
  /** The button's `value`: the one-click token the message was built with. A credential: never log it. */
  value: string;
  blockId: string | null;
  /** Who pressed it, in Slack's terms: part 2 maps the user to a recruiter. */
  user: { id: string; teamId: string | null; username: string | null };
  /** The pressed message (its DM channel and ts), for chat.update. */
  message: SlackMessageRef | null;
  /** Replaces the pressed message (a few times within 30 minutes). A credential: never log it. */
  responseUrl: string | null;
  actionTs: string | null;
}

export type SlackInteraction =
  | { kind: 'button_presses'; presses: SlackButtonPress[] }
  /** A payload keepwarm does not act on (another interaction type, or only link buttons were pressed). */
  | { kind: 'ignored'; type: string };

export type SlackInteractionRead =
  | { ok: true; interaction: SlackInteraction }
  | { ok: false; issues: { path: (string | number)[]; message: string }[] };

/** Reads a verified request body (`payload=<json>`); never throws. */
export function readSlackInteraction(rawBody: Buffer): SlackInteractionRead {
  const payload = new URLSearchParams(rawBody.toString('utf8')).get('payload');
  if (payload === null) return invalid(['payload'], 'the form field "payload" is missing');
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return invalid(['payload'], 'is not JSON');
  }
  const typed = payloadType.safeParse(json);
  if (!typed.success) return { ok: false, issues: issuesOf(typed.error.issues) };
  if (typed.data.type !== 'block_actions')
    return { ok: true, interaction: { kind: 'ignored', type: typed.data.type.slice(0, 64) } };
  const parsed = blockActions.safeParse(json);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error.issues) };
  const body = parsed.data;
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  const presses = body.actions
    // A link button (the desk) also reports its press; it carries no value and asks nothing of keepwarm.
    .filter((action) => action.type === 'button' && action.value !== undefined && action.value !== '')
    .map((action): SlackButtonPress => ({
      actionId: action.action_id,
      value: action.value as string,
      blockId: action.block_id ?? null,
      user: {
        id: body.user.id,
        teamId: body.user.team_id ?? body.team?.id ?? null,
        username: body.user.username ?? null,
      },
      message: channel !== undefined && ts !== undefined ? { channel, ts } : null,
      responseUrl: body.response_url ?? null,
      actionTs: action.action_ts ?? null,
    }));
  if (presses.length === 0) return { ok: true, interaction: { kind: 'ignored', type: 'block_actions' } };
  return { ok: true, interaction: { kind: 'button_presses', presses } };
}

function invalid(path: string[], message: string): SlackInteractionRead {
  return { ok: false, issues: [{ path, message }] };
}

function issuesOf(issues: readonly { path: PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({
    path: ['payload', ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
    message: issue.message,
  }));
}

function urlProtocol(value: string): string {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
}

export const SLACK_INTERACTION_HANDLER = Symbol('SLACK_INTERACTION_HANDLER');

/**
 * What a verified button press is handed to (part 2 of issue 15: the desk's action service records
 * the action or snooze as the recruiter, then has the message say who did what). Called once per
 * press; Slack wants its answer within 3 seconds, so the controller answers 200 after 2.5 s even if
 * the handler is still at work. A rejection is a server fault, not the user's.
 */
export interface SlackInteractionHandler {
  handleButtonPress(press: SlackButtonPress): Promise<void>;
}
