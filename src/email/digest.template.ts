import { DateTime } from 'luxon';
import type { ComposedDigest, DigestEntry, DigestReason } from './digest-view';
import type { FlagAction, Severity } from '../policy/types';
import { escapeHtml, headerSafe, htmlText, safeUrl, singleLine } from './escape';
import { formatNumber } from './format';
import { buttonLink, colors, htmlDocument, link } from './layout';
import type { RenderedEmail } from './rendered-email';

// The recruiter's morning digest, read on a phone as often as not: one column, one card per
// candidate with every reason in numbers and what to do, the count of candidates up front, and the
// desk for whoever did not fit (docs/contract.md, "Emails"). The text part reads on its own.

const severityOrder: readonly Severity[] = ['urgent', 'high', 'medium', 'low'];

const severityColors: Record<Severity, string> = {
  urgent: '#b42318',
  high: '#c4320a',
  medium: '#8a5a00',
  low: '#52606d',
};

const newColor = '#0b6e4f';

/** What each suggested action asks of the recruiter, in their words. */
export const actionLabels: Record<FlagAction, string> = {
  expedite: 'Expedite',
  send_status_update: 'Send the promised update',
  reply_to_candidate: 'Reply to the candidate',
  nudge_hiring_manager: 'Nudge the hiring manager',
  consider_rejection: 'Consider a rejection',
  send_keep_warm_update: 'Send an update',
  schedule_next_round: 'Schedule the next round',
  close_out_candidates: 'Close out the candidate',
};

function severitySummary(digest: ComposedDigest): string {
  return severityOrder
    .filter((severity) => digest.counts.by_severity[severity] > 0)
    .map((severity) => `${digest.counts.by_severity[severity]} ${severity}`)
    .join(', ');
}

/** Counts candidates, never flags: one person with three reasons is one candidate who needs you. */
export function headline(digest: ComposedDigest): string {
  const { candidates, new: fresh } = digest.counts;
  if (candidates === 0) return 'No candidates need you today';
  const who = candidates === 1 ? '1 candidate needs you today' : `${candidates} candidates need you today`;
  const news = digest.previous && fresh > 0 ? ` (${fresh} new)` : '';
  return `${who}${news}: ${severitySummary(digest)}`;
}

function longDate(localDate: string): string {
  const date = DateTime.fromISO(localDate, { zone: 'UTC' }).setLocale('en-GB');
  return date.isValid ? date.toFormat('cccc d LLLL yyyy') : singleLine(localDate);
}

/** What "new" means in this digest, or that everything is; nothing to say about an empty one. */
function newSince(digest: ComposedDigest): string | null {
  if (digest.entries.length === 0) return null;
  if (!digest.previous) return 'Your first keepwarm digest: everything in it is new.';
  const since = DateTime.fromISO(digest.previous.local_date, { zone: 'UTC' }).setLocale('en-GB');
  const day = since.isValid ? since.toFormat('cccc d LLLL') : singleLine(digest.previous.local_date);
  return `"New" marks what came up since your digest of ${day}.`;
}

function hoursToFeedback(hours: number | null): string {
  if (hours === null) return 'no feedback given yet';
  return `${formatNumber(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
}

function managerStatLine(stats: ComposedDigest['manager_stats'][number]): string {
  const name = singleLine(stats.manager_name);
  if (stats.periods === 0) return `${name}: no feedback requests yet`;
  const requests = `${stats.periods} feedback ${stats.periods === 1 ? 'request' : 'requests'}`;
  return `${name}: ${hoursToFeedback(stats.median_hours_to_feedback)} (${requests})`;
}

function whereAndWhat(entry: DigestEntry): string {
  return [entry.job_title, entry.stage_name].map(singleLine).filter(Boolean).join(' · ');
}

function sentence(text: string): string {
  const line = singleLine(text);
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** A reason in words; one that keepwarm's update answered says so instead of asking for anything. */
function reasonText(reason: DigestReason): string {
  const measure = sentence(reason.measure.text);
  return reason.handled ? `${measure}: ${singleLine(reason.handled.text)}, nothing to do` : measure;
}

// What a person writing back to the candidate does at once: the reply is the update and the promised update.
const writingToTheCandidate: ReadonlySet<FlagAction> = new Set([
  'reply_to_candidate',
  'send_keep_warm_update',
  'send_status_update',
]);

function todo(entry: DigestEntry): string | null {
  let actions = entry.actions;
  if (entry.awaiting_reply) {
    // Someone waiting for a reply hears one thing from the recruiter: the reply.
    const first = actions.findIndex((action) => writingToTheCandidate.has(action));
    actions = actions.flatMap((action, index) =>
      !writingToTheCandidate.has(action) ? [action] : index === first ? ['reply_to_candidate' as const] : [],
    );
  }
  return actions.length > 0 ? actions.map((action) => actionLabels[action]).join(' · ') : null;
}

function automaticText(entry: DigestEntry): string | null {
  return entry.automatic.length > 0 ? `keepwarm: ${entry.automatic.map(singleLine).join('; ')}` : null;
}

function showsNew(digest: ComposedDigest, entry: DigestEntry): boolean {
  // In a first digest everything is new: marking every entry would say nothing.
  return digest.previous !== null && entry.is_new;
}

/** A reason is marked new on its own only when its entry mixes new and known reasons. */
function isNewReason(digest: ComposedDigest, entry: DigestEntry, reason: DigestReason): boolean {
  return showsNew(digest, entry) && reason.is_new && entry.reasons.some((other) => !other.is_new);
}

function moreText(digest: ComposedDigest): string | null {
  const { candidates, handled_by_keepwarm: handled } = digest.not_listed;
  const parts: string[] = [];
  if (candidates > 0)
    parts.push(candidates === 1 ? '1 more candidate needs you' : `${candidates} more candidates need you`);
  if (handled > 0) parts.push(`keepwarm answered ${handled} more on its own`);
  return parts.length > 0 ? `${parts.join('; ')}.` : null;
}

export function renderDigest(digest: ComposedDigest): RenderedEmail {
  const subject = headerSafe(headline(digest));
  const day = longDate(digest.local_date);
  const deskUrl = safeUrl(digest.desk_url);
  return {
    subject,
    text: renderText(digest, day, deskUrl),
    html: renderHtml(digest, subject, day, deskUrl),
  };
}

// ---- text ----

function entryText(digest: ComposedDigest, entry: DigestEntry, position: number): string {
  const url = safeUrl(entry.application_url);
  const marks = [
    showsNew(digest, entry) ? 'NEW' : null,
    entry.needs_you ? entry.severity.toUpperCase() : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = [
    `${position}. ${singleLine(entry.candidate_name)}${marks ? ` — ${marks}` : ''}`,
    `   ${whereAndWhat(entry)}`,
    entry.awaiting_reply ? `   ${singleLine(entry.awaiting_reply.text)}` : null,
    ...entry.reasons.map(
      (reason) => `   - ${reasonText(reason)}${isNewReason(digest, entry, reason) ? ' (new)' : ''}`,
    ),
    todo(entry) ? `   To do: ${todo(entry)}` : null,
    automaticText(entry) ? `   ${automaticText(entry)}` : null,
    url ? `   ${url}` : null,
  ];
  return lines.filter(Boolean).join('\n');
}

function renderText(digest: ComposedDigest, day: string, deskUrl: string | null): string {
  const blocks: string[] = [
    [headline(digest), `${day}, for ${singleLine(digest.recruiter.name)}`, newSince(digest)]
      .filter(Boolean)
      .join('\n'),
  ];
  const needingYou = digest.entries.filter((entry) => entry.needs_you);
  const handled = digest.entries.filter((entry) => !entry.needs_you);
  needingYou.forEach((entry, index) => blocks.push(entryText(digest, entry, index + 1)));
  if (digest.is_empty) blocks.push('Nothing needs you today. Enjoy the quiet.');
  if (handled.length > 0) {
    blocks.push(
      [
        'ALREADY ANSWERED BY KEEPWARM (nothing to do)',
        ...handled.map(
          (entry) =>
            `- ${singleLine(entry.candidate_name)}, ${whereAndWhat(entry)}\n  ${entry.reasons.map(reasonText).join('\n  ')}`,
        ),
      ].join('\n'),
    );
  }
  const more = moreText(digest);
  if (more) blocks.push(deskUrl ? `${more} See everyone on your desk: ${deskUrl}` : more);
  if (digest.manager_stats.length > 0) {
    blocks.push(
      [
        "Hiring managers' median time to feedback:",
        ...digest.manager_stats.map((s) => `- ${managerStatLine(s)}`),
      ].join('\n'),
    );
  }
  if (deskUrl && !more) blocks.push(`Your desk: ${deskUrl}`);
  return `${blocks.join('\n\n')}\n`;
}

// ---- HTML ----

function pill(color: string, label: string): string {
  return (
    `<span style="display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;` +
    `text-transform:uppercase;letter-spacing:0.03em;color:#ffffff;background:${color};">${escapeHtml(label)}</span>`
  );
}

function reasonHtml(digest: ComposedDigest, entry: DigestEntry, reason: DigestReason): string {
  const fresh = isNewReason(digest, entry, reason);
  const style = reason.handled ? `color:${colors.muted};` : 'font-weight:600;';
  return (
    `<li style="margin:0 0 4px;${style}">${htmlText(reasonText(reason))}` +
    `${fresh ? ` <span style="color:${newColor};font-weight:600;">(new)</span>` : ''}</li>`
  );
}

function entryHtml(digest: ComposedDigest, entry: DigestEntry): string {
  const url = safeUrl(entry.application_url);
  const border = entry.needs_you ? severityColors[entry.severity] : colors.border;
  const name = url
    ? `<a href="${escapeHtml(url)}" style="color:${colors.link};font-weight:600;">${htmlText(entry.candidate_name)}</a>`
    : `<strong>${htmlText(entry.candidate_name)}</strong>`;
  const marks = [
    entry.needs_you ? pill(severityColors[entry.severity], entry.severity) : '',
    showsNew(digest, entry) ? pill(newColor, 'new') : '',
  ]
    .filter(Boolean)
    .join(' ');
  const action = todo(entry);
  const automatic = automaticText(entry);
  return [
    `<div style="margin:0 0 12px;padding:12px 14px;border:1px solid ${colors.border};border-left:4px solid ${border};border-radius:6px;">`,
    `<div style="margin:0 0 4px;">${marks ? `${marks} ` : ''}${name}</div>`,
    `<div style="margin:0 0 8px;color:${colors.muted};font-size:14px;overflow-wrap:anywhere;">${escapeHtml(whereAndWhat(entry))}</div>`,
    entry.awaiting_reply
      ? `<p style="margin:0 0 8px;padding:8px 10px;background:#fff4e5;border-radius:4px;">${htmlText(entry.awaiting_reply.text)}</p>`
      : '',
    `<ul style="margin:0 0 8px;padding-left:20px;">${entry.reasons.map((reason) => reasonHtml(digest, entry, reason)).join('')}</ul>`,
    action ? `<div style="margin:0 0 4px;">To do: <strong>${htmlText(action)}</strong></div>` : '',
    automatic
      ? `<div style="margin:0 0 4px;color:${colors.muted};font-size:14px;">${htmlText(automatic)}</div>`
      : '',
    url ? `<div style="margin:4px 0 0;font-size:14px;">${link(url, 'Open in the ATS')}</div>` : '',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function renderHtml(digest: ComposedDigest, subject: string, day: string, deskUrl: string | null): string {
  const counts = digest.is_empty
    ? ''
    : `<div style="margin:0 0 16px;">${severityOrder
        .filter((severity) => digest.counts.by_severity[severity] > 0)
        .map((severity) =>
          pill(severityColors[severity], `${digest.counts.by_severity[severity]} ${severity}`),
        )
        .join(' ')}</div>`;
  const needingYou = digest.entries.filter((entry) => entry.needs_you);
  const handled = digest.entries.filter((entry) => !entry.needs_you);
  const more = moreText(digest);
  const body = [
    `<h1 style="margin:0 0 4px;font-size:22px;line-height:1.3;">${htmlText(headline(digest))}</h1>`,
    `<p style="margin:0 0 4px;color:${colors.muted};font-size:14px;">${htmlText(day)}, for ${htmlText(digest.recruiter.name)}</p>`,
    newSince(digest)
      ? `<p style="margin:0 0 12px;color:${colors.muted};font-size:14px;">${htmlText(newSince(digest))}</p>`
      : '',
    counts,
    ...needingYou.map((entry) => entryHtml(digest, entry)),
    digest.is_empty ? `<p style="margin:16px 0;">Nothing needs you today. Enjoy the quiet.</p>` : '',
    handled.length > 0
      ? `<h2 style="margin:24px 0 12px;font-size:18px;line-height:1.3;">Already answered by keepwarm <span style="color:${colors.muted};font-weight:400;">(nothing to do)</span></h2>`
      : '',
    ...handled.map((entry) => entryHtml(digest, entry)),
    more
      ? `<p style="margin:16px 0 8px;font-weight:600;">${htmlText(more)}</p>${deskUrl ? `<div style="margin:0 0 8px;">${buttonLink(deskUrl, 'See everyone on your desk')}</div>` : ''}`
      : '',
  ]
    .filter(Boolean)
    .join('\n');

  const footer: string[] = [];
  if (digest.manager_stats.length > 0) {
    footer.push(
      `<p style="margin:0 0 4px;font-weight:600;">Hiring managers' median time to feedback</p>`,
      `<ul style="margin:0 0 12px;padding-left:20px;">${digest.manager_stats
        .map((stats) => `<li>${htmlText(managerStatLine(stats))}</li>`)
        .join('')}</ul>`,
    );
  }
  if (deskUrl && !more) footer.push(`<p style="margin:0;">${link(deskUrl, 'Your desk')}</p>`);
  return htmlDocument({ title: subject, body, footer: footer.length > 0 ? footer.join('\n') : undefined });
}
