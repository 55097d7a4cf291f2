import type { KnownBlock } from '@slack/types';
import { compareByUrgency } from '../../policy/urgency';
import type { ComposedDigest, DigestLine } from '../digest-view';
import { headline } from '../digest.template';
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

interface Candidate {
  entry: SlackDigestEntry;
  lines: { line: DigestLine; title: string }[];
}

export function renderSlackDigestSummary(
  digest: ComposedDigest,
  options: SlackDigestSummaryOptions,
): SlackRenderedMessage {
  const candidates = candidatesByUrgency(digest);
  const blocksPerEntry = options.entryButtons ? 2 : 1;
  const fitting = Math.floor((blockKitLimits.blocksPerMessage - frameBlocks) / blocksPerEntry);
  const shown = candidates.slice(
    0,
    Math.max(0, Math.min(options.maxEntries ?? defaultSummaryEntries, fitting)),
  );

  const blocks: KnownBlock[] = [header(headline(digest))];
  for (const [index, candidate] of shown.entries()) {
    blocks.push(section(entryText(candidate), `kw_entry_${index}`));
    const buttons = options.entryButtons?.(candidate.entry) ?? [];
    if (buttons.length > 0)
      blocks.push(
        actions(
          `kw_entry_actions_${index}`,
          // action_id must be unique in the message: the entry's position keeps equal buttons apart.
          buttons.map((button) => actionButton({ ...button, id: `${button.id}_${index}` })),
        ),
      );
  }
  const more = candidates.length - shown.length;
  if (more > 0)
    blocks.push(context([`…and ${more} more ${more === 1 ? 'candidate' : 'candidates'} on the desk`]));
  blocks.push(actions('kw_desk', [linkButton('open_desk', 'Open the desk', options.deskUrl)]));
  return message(escapeMrkdwn(headline(digest)), blocks);
}

function candidatesByUrgency(digest: ComposedDigest): Candidate[] {
  const lines = digest.sections
    .flatMap((digestSection) => digestSection.lines.map((line) => ({ line, title: digestSection.title })))
    .sort((a, b) => compareByUrgency(urgencyKey(a.line), urgencyKey(b.line)));
  const byApplication = new Map<string, Candidate>();
  for (const item of lines) {
    const candidate = byApplication.get(item.line.application_id) ?? {
      entry: { application_id: item.line.application_id, flag_ids: [] },
      lines: [],
    };
    candidate.entry.flag_ids.push(item.line.flag_id);
    candidate.lines.push(item);
    byApplication.set(item.line.application_id, candidate);
  }
  // Map keeps insertion order: each candidate sits where its most urgent line put it.
  return [...byApplication.values()];
}

function entryText(candidate: Candidate): string {
  const first = candidate.lines[0].line;
  return candidateText(
    { name: first.candidate_name, jobTitle: first.job_title, stageName: first.stage_name },
    candidate.lines.map(({ line, title }) => ({ title, measure: line.measure.text })),
  );
}

function urgencyKey(line: DigestLine) {
  return { severity: line.severity, waitingSince: new Date(line.waiting_since), id: line.flag_id };
}
