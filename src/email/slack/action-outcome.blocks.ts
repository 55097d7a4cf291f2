import type { KnownBlock } from '@slack/types';
import { formatDayAndTime } from '../format';
import {
  actions,
  context,
  escapeMrkdwn,
  linkButton,
  message,
  section,
  type SlackRenderedMessage,
} from './block-kit';

// What replaces an alert once a button was pressed: who did what, when, so the buttons cannot be
// pressed twice and anyone looking at the message later sees it was dealt with. An application that
// changed since the message was sent says so instead of pretending the press worked.

export type SlackActionOutcome =
  /** "snoozed for 2 days", "marked as contacted": past tense, without the candidate. */
  | { kind: 'recorded'; what: string }
  /** Nothing was recorded because the application moved on: "moved to Offer since this alert". */
  | { kind: 'changed'; detail: string }
  | { kind: 'failed'; detail: string };

export interface SlackActionOutcomeView {
  /** The Slack user who pressed (U… or W…): shown as a mention, which Slack renders as their name. */
  actor_slack_user_id: string | null;
  /** Shown when there is no Slack user id to mention. */
  actor_name: string;
  candidate_name: string;
  outcome: SlackActionOutcome;
  at: Date;
  /** The reader's timezone, for the time shown. */
  timezone: string;
  desk_url: string;
}

const slackUserId = /^[UW][A-Z0-9]{2,20}$/;

export function renderSlackActionOutcome(view: SlackActionOutcomeView): SlackRenderedMessage {
  const actor =
    view.actor_slack_user_id !== null && slackUserId.test(view.actor_slack_user_id)
      ? `<@${view.actor_slack_user_id}>`
      : escapeMrkdwn(view.actor_name) || 'Someone';
  const candidate = `*${escapeMrkdwn(view.candidate_name)}*`;
  const line = outcomeLine(view.outcome, actor, candidate);
  const blocks: KnownBlock[] = [
    section(line, 'kw_outcome'),
    context([escapeMrkdwn(formatDayAndTime(view.at, view.timezone))]),
    actions('kw_desk', [linkButton('open_desk', 'Open in keepwarm', view.desk_url)]),
  ];
  return message(line, blocks);
}

function outcomeLine(outcome: SlackActionOutcome, actor: string, candidate: string): string {
  switch (outcome.kind) {
    case 'recorded':
      return `✅ ${candidate}: ${escapeMrkdwn(outcome.what)} by ${actor}`;
    case 'changed':
      return `⚠️ ${candidate}: nothing recorded for ${actor}, the application ${escapeMrkdwn(outcome.detail)}`;
    case 'failed':
      return `❌ ${candidate}: ${actor}'s action could not be recorded (${escapeMrkdwn(outcome.detail)}); try again from the desk`;
  }
}
