import type { StageKind } from '../canonical/canonical-event.schema';
import { escapeHtml, headerSafe, htmlText, safeUrl, singleLine } from './escape';
import { firstNameOf, formatBusinessHours, formatDayAndTime } from './format';
import { buttonLink, htmlDocument, paragraph } from './layout';
import type { RenderedEmail } from './rendered-email';

// The reminder to a hiring manager who sits on a candidate (docs/rules.md, rule 1): the recruiter
// "generally gives them 48 hours" (seed 004). The first reminder asks; the second, at twice the
// wait, is firmer and offers the easy way out, a plain no, because indecision keeps a candidate
// waiting for nothing.

export type FeedbackReminderLevel = 'first' | 'second';

export interface FeedbackReminderInput {
  manager: { name: string | null; timezone: string };
  candidateName: string;
  jobTitle: string;
  stage: { name: string; kind: StageKind };
  /** When the wait for the manager's feedback started. */
  waitingSince: Date;
  /** Business hours on the manager's calendar since waitingSince. */
  businessHoursWaiting: number;
  level: FeedbackReminderLevel;
  /** The application in the ATS; without it the manager replies to the email. */
  applicationUrl?: string | null;
  /** The reminder comes from, and is signed by, the recruiter. */
  recruiterName: string;
}

function whatIsAwaited(kind: StageKind): string {
  return kind === 'hiring_manager_review' ? 'your review' : 'your feedback';
}

export function renderFeedbackReminder(input: FeedbackReminderInput): RenderedEmail {
  const candidateName = singleLine(input.candidateName) || 'A candidate';
  const jobTitle = singleLine(input.jobTitle);
  const stageName = singleLine(input.stage.name);
  const recruiterName = singleLine(input.recruiterName);
  const managerFirstName = firstNameOf(input.manager.name);
  const applicationUrl = safeUrl(input.applicationUrl);
  const since = formatDayAndTime(input.waitingSince, input.manager.timezone);
  const waited = formatBusinessHours(input.businessHoursWaiting);
  const awaited = whatIsAwaited(input.stage.kind);
  const who = `${candidateName} (${[jobTitle, stageName].filter(Boolean).join(', ')})`;

  const greeting = managerFirstName ? `Hi ${managerFirstName},` : 'Hello,';
  const paragraphs: string[] =
    input.level === 'first'
      ? [
          `${who} has been waiting for ${awaited} since ${since}: ${waited}.`,
          'Could you let me know how you would like to proceed: move forward, pass, or hold? The candidate is waiting to hear from us, and a quick answer keeps them engaged.',
        ]
      : [
          `This is my second reminder about ${who}. ${capitalize(awaited)} has been pending since ${since}: ${waited}.`,
          'I need your decision to keep the process moving: move forward, pass, or hold. If you would rather not move forward, a short "no" is enough; it lets me tell the candidate so they can move on.',
        ];
  const action = applicationUrl
    ? `Open the application: ${applicationUrl}\nOr reply to this email with your decision.`
    : 'Just reply to this email with your decision and I will take it from there.';

  const subject = headerSafe(
    input.level === 'first'
      ? `Feedback needed: ${candidateName} for ${jobTitle}`
      : `Second reminder: your decision on ${candidateName} for ${jobTitle}`,
  );

  const text = [greeting, ...paragraphs, action, ['Thanks,', recruiterName].filter(Boolean).join('\n')].join(
    '\n\n',
  );

  const htmlAction = applicationUrl
    ? paragraph(buttonLink(applicationUrl, 'Open the application')) +
      `\n${paragraph(`<span style="font-size:14px;">Or reply to this email with your decision.</span>`)}`
    : paragraph(htmlText(action));
  const html = htmlDocument({
    title: subject,
    body: [
      paragraph(htmlText(greeting)),
      ...paragraphs.map((line) => paragraph(htmlText(line))),
      htmlAction,
      paragraph(['Thanks,', recruiterName].filter(Boolean).map(escapeHtml).join('<br>')),
    ].join('\n'),
  });

  return { subject, text: `${text}\n`, html };
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
