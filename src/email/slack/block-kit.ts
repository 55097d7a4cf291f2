import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { safeUrl, singleLine } from '../escape';

// Block Kit pieces that keep within Slack's limits (docs.slack.dev/reference/block-kit/block-elements/button-element,
// …/blocks/section-block, …/blocks/header-block, …/blocks/actions-block, …/blocks/context-block; the
// limits are also in @slack/types' doc comments). Text that only reads worse when shortened is
// shortened with "…"; what cannot be shortened without breaking (an action id, a button's token, a
// URL) or a message that would not fit is a programming error and throws BlockKitLimitError.

export const blockKitLimits = {
  blocksPerMessage: 50,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  buttonUrl: 3000,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
} as const;

// Slack cuts `text` at 40,000 characters; a notification line needs far less.
export const fallbackTextLimit = 300;

export class BlockKitLimitError extends Error {
  override readonly name = 'BlockKitLimitError';
}

/** A message ready for chat.postMessage / chat.update / response_url. */
export interface SlackRenderedMessage {
  /** The notification and screen-reader line (mrkdwn, escaped). */
  text: string;
  blocks: KnownBlock[];
}

/** A button the message offers: `value` is the opaque one-click token the desk issued for it. */
export interface SlackButtonView {
  /** Short and stable (e.g. "snooze_2d"); becomes the action_id "kw_<id>". */
  id: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

const mrkdwnEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from outside (a name, a job title) inside mrkdwn: Slack's three control characters become
 * entities, so "<!channel>" or "<https://evil|Click>" in a name stays text (api.slack.com/reference/surfaces/formatting#escaping).
 */
export function escapeMrkdwn(value: string | null | undefined): string {
  return singleLine(value).replace(/[&<>]/g, (character) => mrkdwnEntities[character]);
}

/** At most `max` characters, ending in "…" when shortened; never splits a surrogate pair or an entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // An escaped "&amp;" cut in half would show as "&am".
  cut = cut.replace(/&[a-z]{0,3}$/, '');
  return `${cut.trimEnd()}…`;
}

// Slack does not parse plain_text for links or mentions; angle brackets are dropped all the same, so a
// name like "<!channel>" reads as harmless text even if a client ever did. "&" stays: "Smith & Co".
export function plainText(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncate(singleLine(text.replace(/[<>]/g, '')), max), emoji: true };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, blockKitLimits.headerText) };
}

export function section(mrkdwn: string, blockId?: string): SectionBlock {
  if (mrkdwn.trim() === '') throw new BlockKitLimitError('a section needs text (1 to 3000 characters)');
  const block: SectionBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(mrkdwn, blockKitLimits.sectionText) },
  };
  if (blockId !== undefined) block.block_id = checkedId(blockId, blockKitLimits.blockId, 'block_id');
  return block;
}

export function context(mrkdwnTexts: string[]): ContextBlock {
  const texts = mrkdwnTexts.filter((text) => text.trim() !== '');
  if (texts.length === 0 || texts.length > blockKitLimits.contextElements)
    throw new BlockKitLimitError(`a context block holds 1 to ${blockKitLimits.contextElements} elements`);
  return {
    type: 'context',
    elements: texts.map((text) => ({ type: 'mrkdwn', text: truncate(text, blockKitLimits.sectionText) })),
  };
}

export function actions(blockId: string, buttons: Button[]): ActionsBlock {
  if (buttons.length === 0 || buttons.length > blockKitLimits.actionsElements)
    throw new BlockKitLimitError(`an actions block holds 1 to ${blockKitLimits.actionsElements} elements`);
  return {
    type: 'actions',
    block_id: checkedId(blockId, blockKitLimits.blockId, 'block_id'),
    elements: buttons,
  };
}

/** A button that sends its token back to keepwarm (POST /slack/interactions). */
export function actionButton(view: SlackButtonView): Button {
  if (view.value.length === 0 || view.value.length > blockKitLimits.buttonValue)
    throw new BlockKitLimitError(`a button value has 1 to ${blockKitLimits.buttonValue} characters`);
  const button: Button = {
    type: 'button',
    action_id: checkedId(`kw_${view.id}`, blockKitLimits.actionId, 'action_id'),
    text: buttonText(view.label),
    value: view.value,
  };
  if (view.style !== undefined) button.style = view.style;
  return button;
}

/** A button that opens a page (the desk) in the browser. */
export function linkButton(id: string, label: string, url: string): Button {
  return {
    type: 'button',
    action_id: checkedId(`kw_${id}`, blockKitLimits.actionId, 'action_id'),
    text: buttonText(label),
    url: checkedUrl(url),
  };
}

/** The whole message: at most 50 blocks, every action_id once, and a short escaped notification line. */
export function message(text: string, blocks: KnownBlock[]): SlackRenderedMessage {
  if (blocks.length > blockKitLimits.blocksPerMessage)
    throw new BlockKitLimitError(
      `a message holds at most ${blockKitLimits.blocksPerMessage} blocks (got ${blocks.length})`,
    );
  const actionIds = blocks.flatMap((block) =>
    block.type === 'actions'
      ? block.elements.map((element) => ('action_id' in element ? element.action_id : undefined))
      : [],
  );
  const duplicate = actionIds.find((id, index) => id !== undefined && actionIds.indexOf(id) !== index);
  if (duplicate !== undefined) throw new BlockKitLimitError(`action_id ${duplicate} appears twice`);
  return { text: truncate(text, fallbackTextLimit), blocks };
}

/** "*Adam Hart* — Data Engineer · Onsite" and one line per reason: "• *Competing offer*: deadline in 2 days". */
export function candidateText(
  candidate: { name: string; jobTitle: string; stageName: string },
  reasons: { title: string; measure: string }[],
): string {
  const where = [candidate.jobTitle, candidate.stageName].map(escapeMrkdwn).filter(Boolean).join(' · ');
  const lines = reasons.map((reason) => `• *${escapeMrkdwn(reason.title)}*: ${escapeMrkdwn(reason.measure)}`);
  return [`*${escapeMrkdwn(candidate.name)}*${where ? ` — ${where}` : ''}`, ...lines].join('\n');
}

function buttonText(label: string) {
  if (singleLine(label) === '') throw new BlockKitLimitError('a button label has 1 to 75 characters');
  return plainText(label, blockKitLimits.buttonText);
}

function checkedId(id: string, max: number, what: string): string {
  if (!/^[A-Za-z0-9_.:-]+$/.test(id) || id.length > max)
    throw new BlockKitLimitError(
      `${what} "${id.slice(0, 40)}" must be 1 to ${max} characters of [A-Za-z0-9_.:-]`,
    );
  return id;
}

function checkedUrl(url: string): string {
  const safe = safeUrl(url);
  if (safe === null || safe.length > blockKitLimits.buttonUrl)
    throw new BlockKitLimitError(
      `a button url is an http(s) URL of at most ${blockKitLimits.buttonUrl} characters`,
    );
  return safe;
}
