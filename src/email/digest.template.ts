import { DateTime } from 'luxon';
import type { ComposedDigest, DigestLine } from './digest-view';
import type { Severity } from '../policy/types';
import { escapeHtml, headerSafe, htmlText, safeUrl, singleLine } from './escape';
import { formatNumber } from './format';
import { buttonLink, colors, htmlDocument, link } from './layout';
import type { RenderedEmail } from './rendered-email';

// The recruiter's morning digest, read on a phone as often as not: one column, big tap targets,
// the counts up front and the number behind every line (docs/contract.md, "Emails").

export interface DigestRenderOptions {
  /** Where the recruiter can see the full attention list; shown in the footer when set. */
  attentionUrl?: string | null;
}

const severityOrder: readonly Severity[] = ['urgent', 'high', 'medium', 'low'];

const severityColors: Record<Severity, string> = {
  urgent: '#b42318',
  high: '#c4320a',
  medium: '#8a5a00',
  low: '#52606d',
};

function severitySummary(digest: ComposedDigest): string {
  return severityOrder
    .filter((severity) => digest.counts.by_severity[severity] > 0)
    .map((severity) => `${digest.counts.by_severity[severity]} ${severity}`)
    .join(', ');
}

/** "3 candidates need you today (4 items): 1 urgent, 2 high", for the subject and the Slack summary. */
export function headline(digest: ComposedDigest): string {
  if (digest.is_empty) return 'No candidates need you today';
  const { candidates, total } = digest.counts;
  const who = candidates === 1 ? '1 candidate needs you today' : `${candidates} candidates need you today`;
  // One candidate can carry several flags; say so rather than let the numbers disagree.
  const items = total !== candidates ? ` (${total} items)` : '';
  return `${who}${items}: ${severitySummary(digest)}`;
}

function longDate(localDate: string): string {
  const date = DateTime.fromISO(localDate, { zone: 'UTC' }).setLocale('en-GB');
  return date.isValid ? date.toFormat('cccc d LLLL yyyy') : singleLine(localDate);
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

function whereAndWhat(line: DigestLine): string {
  return [line.job_title, line.stage_name].map(singleLine).filter(Boolean).join(' · ');
}

function automaticText(line: DigestLine): string | null {
  return line.automatic.length > 0 ? `keepwarm: ${line.automatic.map(singleLine).join('; ')}` : null;
}

export function renderDigest(digest: ComposedDigest, options: DigestRenderOptions = {}): RenderedEmail {
  const subject = headerSafe(headline(digest));
  const day = longDate(digest.local_date);
  const attentionUrl = safeUrl(options.attentionUrl);
  return {
    subject,
    text: renderText(digest, day, attentionUrl),
    html: renderHtml(digest, subject, day, attentionUrl),
  };
}

function renderText(digest: ComposedDigest, day: string, attentionUrl: string | null): string {
  const blocks: string[] = [`${headline(digest)}\n${day}, for ${singleLine(digest.recruiter.name)}`];
  for (const section of digest.sections) {
    const lines = section.lines.map((line) => {
      const url = safeUrl(line.application_url);
      return [
        `- [${line.severity}] ${singleLine(line.candidate_name)}, ${whereAndWhat(line)}`,
        `  ${singleLine(line.measure.text)}`,
        automaticText(line) ? `  ${automaticText(line)}` : null,
        url ? `  ${url}` : null,
      ]
        .filter(Boolean)
        .join('\n');
    });
    blocks.push([`${section.title.toUpperCase()} (${section.lines.length})`, ...lines].join('\n'));
  }
  if (digest.is_empty) blocks.push('Nothing is overdue. Enjoy the quiet.');
  if (digest.manager_stats.length > 0) {
    blocks.push(
      [
        "Hiring managers' median time to feedback:",
        ...digest.manager_stats.map((s) => `- ${managerStatLine(s)}`),
      ].join('\n'),
    );
  }
  if (attentionUrl) blocks.push(`Full attention list: ${attentionUrl}`);
  return `${blocks.join('\n\n')}\n`;
}

function pill(severity: Severity, label: string): string {
  return (
    `<span style="display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;` +
    `text-transform:uppercase;letter-spacing:0.03em;color:#ffffff;background:${severityColors[severity]};">${escapeHtml(label)}</span>`
  );
}

function lineHtml(line: DigestLine): string {
  const url = safeUrl(line.application_url);
  const name = url
    ? `<a href="${escapeHtml(url)}" style="color:${colors.link};font-weight:600;">${htmlText(line.candidate_name)}</a>`
    : `<strong>${htmlText(line.candidate_name)}</strong>`;
  const automatic = automaticText(line);
  return [
    `<div style="margin:0 0 12px;padding:12px 14px;border:1px solid ${colors.border};border-left:4px solid ${severityColors[line.severity]};border-radius:6px;">`,
    `<div style="margin:0 0 4px;">${pill(line.severity, line.severity)} ${name}</div>`,
    `<div style="margin:0 0 4px;color:${colors.muted};font-size:14px;">${escapeHtml(whereAndWhat(line))}</div>`,
    `<div style="margin:0 0 4px;font-weight:600;">${htmlText(line.measure.text)}</div>`,
    automatic
      ? `<div style="margin:0 0 4px;color:${colors.muted};font-size:14px;">${htmlText(automatic)}</div>`
      : '',
    url ? `<div style="margin:8px 0 0;">${buttonLink(url, 'Open in the ATS')}</div>` : '',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function renderHtml(
  digest: ComposedDigest,
  subject: string,
  day: string,
  attentionUrl: string | null,
): string {
  const counts = digest.is_empty
    ? ''
    : `<div style="margin:0 0 20px;">${severityOrder
        .filter((severity) => digest.counts.by_severity[severity] > 0)
        .map((severity) => pill(severity, `${digest.counts.by_severity[severity]} ${severity}`))
        .join(' ')}</div>`;
  const sections = digest.sections.map((section) =>
    [
      `<h2 style="margin:24px 0 12px;font-size:18px;line-height:1.3;">${htmlText(section.title)} <span style="color:${colors.muted};font-weight:400;">(${section.lines.length})</span></h2>`,
      ...section.lines.map(lineHtml),
    ].join('\n'),
  );
  const body = [
    `<h1 style="margin:0 0 4px;font-size:22px;line-height:1.3;">${htmlText(headline(digest))}</h1>`,
    `<p style="margin:0 0 12px;color:${colors.muted};font-size:14px;">${htmlText(day)}, for ${htmlText(digest.recruiter.name)}</p>`,
    counts,
    ...sections,
    digest.is_empty ? `<p style="margin:16px 0 0;">Nothing is overdue. Enjoy the quiet.</p>` : '',
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
  if (attentionUrl)
    footer.push(`<p style="margin:0;">${link(attentionUrl, 'See the full attention list')}</p>`);
  return htmlDocument({ title: subject, body, footer: footer.length > 0 ? footer.join('\n') : undefined });
}
