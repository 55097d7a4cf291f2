import type { KnownBlock } from '@slack/types';
import type { ComposedDigest, DigestEntry } from '../digest-view';
import { actionLabels, headline } from '../digest.template';
import {
  actionButton,
  actions,
  blockKitLimits,
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

// The morning digest as a short Slack direct message: the counts, the few most urgent candidates
// with every reason in numbers, and the desk for the rest. The email digest stays the full list.

export interface SlackDigestEntry {
  application_id: string;
  /** The flags behind the entry, most urgent first. */
  flag_ids: string[];
}

export interface SlackDigestSummaryOptions {
  deskUrl: string;
  /** How many candidates are named (the most urgent); the rest are counted. */
  maxEntries?: number;
  /** Buttons under an entry (one-click action and snooze tokens), when the caller has them. */
  entryButtons?: (entry: SlackDigestEntry) => SlackButtonView[];
}

export const defaultSummaryEntries = 5;

// The header, the "more on the desk" line and the desk button around the entries.
const frameBlocks = 3;

export function renderSlackDigestSummary(
  digest: ComposedDigest,
  options: SlackDigestSummaryOptions,
): SlackRenderedMessage {
  // The digest's entries are already one per candidate, most urgent first; the summary names those
  // that need the recruiter (keepwarm's own update answered the others).
  const candidates = digest.entries.filter((entry) => entry.needs_you);
  const blocksPerEntry = options.entryButtons ? 2 : 1;
  const fitting = Math.floor((blockKitLimits.blocksPerMessage - frameBlocks) / blocksPerEntry);
  const shown = candidates.slice(
    0,
    Math.max(0, Math.min(options.maxEntries ?? defaultSummaryEntries, fitting)),
  );

  const blocks: KnownBlock[] = [header(headline(digest))];
  for (const [index, candidate] of shown.entries()) {
    blocks.push(section(entryText(candidate), `kw_entry_${index}`));
    const buttons = options.entryButtons?.(entryOf(candidate)) ?? [];
    if (buttons.length > 0)
      blocks.push(
        actions(
          `kw_entry_actions_${index}`,
          // action_id must be unique in the message: the entry's position keeps equal buttons apart.
          buttons.map((button) => actionButton({ ...button, id: `${button.id}_${index}` })),
        ),
      );
  }
  const more = digest.counts.candidates - shown.length;
  if (more > 0)
    blocks.push(context([`…and ${more} more ${more === 1 ? 'candidate' : 'candidates'} on the desk`]));
  blocks.push(actions('kw_desk', [linkButton('open_desk', 'Open the desk', options.deskUrl)]));
  return message(escapeMrkdwn(headline(digest)), blocks);
}

function entryOf(entry: DigestEntry): SlackDigestEntry {
  return { application_id: entry.application_id, flag_ids: entry.reasons.map((reason) => reason.flag_id) };
}

function entryText(entry: DigestEntry): string {
  return candidateText(
    { name: entry.candidate_name, jobTitle: entry.job_title, stageName: entry.stage_name },
    entry.reasons
      .filter((reason) => reason.handled === null)
      .map((reason) => ({ title: actionLabels[reason.action], measure: reason.measure.text })),
  );
}
