import type { KnownBlock } from '@slack/types';
import type { Severity } from '../../policy/types';
import type { DigestMeasure } from '../digest-view';
import {
  actionButton,
  actions,
  candidateText,
  context,
  escapeMrkdwn,
  header,
  linkButton,
  message,
  section,
  type SlackButtonView,
  type SlackRenderedMessage,
} from './block-kit';

// An alert as a Slack direct message (docs/contract.md, "Alerts, Slack and escalation"): who, for
// which job, every reason with its number, then one tap to act or snooze, and the desk one tap away.
// Part 2 of issue 15 builds the view from the flags that opened and the desk's one-click tokens.

export interface SlackAlertReason {
  /** What is wrong, in words: "Competing offer deadline". */
  title: string;
  /** The number behind it, as the digest says it: "deadline in 2 days (Friday 20 November)". */
  measure: Pick<DigestMeasure, 'text'>;
}

export interface SlackAlertView {
  candidate_name: string;
  job_title: string;
  stage_name: string;
  severity: Severity;
  reasons: SlackAlertReason[];
  /** One-click actions (the first is the suggested one). */
  actions: SlackButtonView[];
  snoozes: SlackButtonView[];
  /** The application on the desk. */
  desk_url: string;
}

export function renderSlackAlert(view: SlackAlertView): SlackRenderedMessage {
  const candidate = escapeMrkdwn(view.candidate_name);
  const blocks: KnownBlock[] = [
    header(`${view.severity === 'urgent' ? 'Urgent: ' : ''}${view.candidate_name} needs you now`),
    section(
      candidateText(
        { name: view.candidate_name, jobTitle: view.job_title, stageName: view.stage_name },
        view.reasons.map((reason) => ({ title: reason.title, measure: reason.measure.text })),
      ),
      'kw_alert',
    ),
    actions('kw_actions', [
      ...view.actions.map((button, index) =>
        actionButton(index === 0 ? { style: 'primary', ...button } : button),
      ),
      linkButton('open_desk', 'Open in keepwarm', view.desk_url),
    ]),
  ];
  if (view.snoozes.length > 0) blocks.push(actions('kw_snoozes', view.snoozes.map(actionButton)));
  blocks.push(context([`keepwarm alert · ${view.severity}`]));
  const first = view.reasons[0];
  const summary = first ? `: ${escapeMrkdwn(first.title)} (${escapeMrkdwn(first.measure.text)})` : '';
  return message(`${candidate}${summary}`, blocks);
}
