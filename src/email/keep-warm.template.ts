import type { StageKind } from '../canonical/canonical-event.schema';
import { escapeHtml, headerSafe, htmlText, safeUrl, singleLine } from './escape';
import { firstNameOf, formatDay } from './format';
import { htmlDocument, link, paragraph } from './layout';
import type { RenderedEmail } from './rendered-email';

// The keep-warm update (docs/contract.md, "Emails"): where things stand, honestly, and nothing more.
// Candidates who hear nothing assume they are not a priority (seeds 000-002), so the update says
// the application is alive and which step it is at. It never promises an outcome or a date, and
// never names the hiring manager: only the recruiter speaks to candidates (docs/rules.md, rule 11).

export type KeepWarmReason = 'candidate_silent' | 'update_promise_missed';

export interface KeepWarmInput {
  candidate: { name: string; firstName?: string | null };
  jobTitle: string;
  /** COMPANY_NAME */
  companyName: string;
  /** The email comes from, and is signed by, the recruiter. */
  recruiterName: string;
  stage: { kind: StageKind; name: string };
  reason: KeepWarmReason;
  /** For update_promise_missed: the date the update was promised by. */
  promisedBy?: Date | null;
  /** Agency-sourced candidates hear through their agency (seed 004): the email goes to this contact. */
  agencyContact?: { name: string | null; agencyName?: string | null } | null;
  unsubscribeUrl: string;
  /** The recipient's IANA timezone, for any date in the email. */
  timezone: string;
}

type ActiveStageKind = 'applied' | 'recruiter_screen' | 'hiring_manager_review' | 'interview' | 'offer';

interface StageWording {
  step: string;
  /** Whether the ATS stage name may be shown beside the step (internal review stages stay unnamed). */
  showStageName: boolean;
  nextForCandidate: string;
  nextForAgency: (candidateFirstName: string) => string;
}

const stageWording: Record<ActiveStageKind, StageWording> = {
  applied: {
    step: 'the application review step',
    showStageName: false,
    nextForCandidate:
      'We are still reviewing applications for this role. Once that review is done, I will let you know how we would like to proceed.',
    nextForAgency: (name) =>
      `We are still reviewing applications for this role. Once that review is done, I will let you know how we would like to proceed with ${name}.`,
  },
  recruiter_screen: {
    step: 'the screening step',
    showStageName: true,
    nextForCandidate:
      'After the screening conversation I share my notes with the team, and together we decide on the next step.',
    nextForAgency: () =>
      'After the screening conversation I share my notes with the team, and together we decide on the next step.',
  },
  hiring_manager_review: {
    step: 'the team review step',
    showStageName: false,
    nextForCandidate:
      'The team is looking at your background now. Reviews like this sometimes take longer than anyone would like, and I am keeping an eye on it.',
    nextForAgency: (name) =>
      `The team is looking at ${name}'s background now. Reviews like this sometimes take longer than anyone would like, and I am keeping an eye on it.`,
  },
  interview: {
    step: 'the interview step',
    showStageName: true,
    nextForCandidate:
      'The people you met are sharing their feedback, and the team then agrees on the next step. This can take a little longer when other candidates are interviewing at the same time.',
    nextForAgency: (name) =>
      `The people ${name} met are sharing their feedback, and the team then agrees on the next step. This can take a little longer when other candidates are interviewing at the same time.`,
  },
  offer: {
    step: 'the offer step',
    showStageName: false,
    nextForCandidate: 'We are working through the details on our side.',
    nextForAgency: () => 'We are working through the details on our side.',
  },
};

function isActiveStage(kind: StageKind): kind is ActiveStageKind {
  return kind in stageWording;
}

// Stage names are free text from the ATS; one like "HM Interview" would put the hiring manager in
// front of the candidate, so any name that hints at a manager is left out.
function stageLabel(stage: KeepWarmInput['stage'], wording: StageWording): string {
  const name = singleLine(stage.name);
  if (!wording.showStageName || !name || /manager|\bhm\b/i.test(name)) return wording.step;
  return `${wording.step} (${name})`;
}

export function renderKeepWarm(input: KeepWarmInput): RenderedEmail {
  if (!isActiveStage(input.stage.kind)) {
    // A closed application must never get a "still active" update; reaching here is a bug upstream.
    throw new Error(`keep_warm cannot be rendered for an application in a ${input.stage.kind} stage`);
  }
  const wording = stageWording[input.stage.kind];
  const candidateName = singleLine(input.candidate.name) || 'the candidate';
  const candidateFirstName =
    singleLine(input.candidate.firstName) || firstNameOf(candidateName) || candidateName;
  const jobTitle = singleLine(input.jobTitle);
  const companyName = singleLine(input.companyName);
  const recruiterName = singleLine(input.recruiterName);
  const agency = input.agencyContact ?? null;
  const step = stageLabel(input.stage, wording);
  const role = `the ${jobTitle} role with ${companyName}`;

  const greetingName = agency ? firstNameOf(agency.name) : candidateFirstName;
  const greeting = greetingName ? `Hi ${greetingName},` : 'Hello,';

  const paragraphs: string[] = [];
  if (input.reason === 'update_promise_missed') {
    // Seed 003: a candidate told "a week" calls on day eight. Own the miss plainly.
    const about = agency ? ` about ${candidateName}` : '';
    paragraphs.push(
      input.promisedBy
        ? `I said I would update you${about} by ${formatDay(input.promisedBy, input.timezone)}, and I am late with it. I am sorry for the wait.`
        : `I owe you an update${about}, and it has taken longer than I said. I am sorry for the wait.`,
    );
  }
  if (agency) {
    paragraphs.push(
      `Here is where things stand with ${candidateName}'s application for ${role}: it is still active, and ${candidateFirstName} is at ${step}.`,
    );
    paragraphs.push(wording.nextForAgency(candidateFirstName));
    paragraphs.push(
      `Please pass this on to ${candidateFirstName}. I will be in touch with you as soon as I have news, and you can reply to this email with any questions in the meantime.`,
    );
  } else {
    paragraphs.push(
      `Here is where things stand with your application for ${role}: it is still active, and you are at ${step}.`,
    );
    paragraphs.push(wording.nextForCandidate);
    paragraphs.push(
      'I will be in touch as soon as I have news. If you have a question in the meantime, just reply to this email.',
    );
  }

  const subject = headerSafe(
    agency
      ? `${candidateName}, ${jobTitle}: where things stand`
      : `Your application for ${jobTitle}: where things stand`,
  );
  const unsubscribeUrl = safeUrl(input.unsubscribeUrl);
  const footerText = 'Prefer not to get these updates?';

  const text = [
    greeting,
    ...paragraphs,
    ['Best,', recruiterName, companyName].filter(Boolean).join('\n'),
    `--\n${unsubscribeUrl ? `${footerText} Unsubscribe: ${unsubscribeUrl}` : footerText}`,
  ].join('\n\n');

  const signature = ['Best,', recruiterName, companyName]
    .filter(Boolean)
    .map((line) => escapeHtml(line))
    .join('<br>');
  const html = htmlDocument({
    title: subject,
    body: [
      paragraph(htmlText(greeting)),
      ...paragraphs.map((line) => paragraph(htmlText(line))),
      paragraph(signature),
    ].join('\n'),
    footer: `${escapeHtml(footerText)}${unsubscribeUrl ? ` ${link(unsubscribeUrl, 'Unsubscribe')}` : ''}`,
  });

  return { subject, text: `${text}\n`, html };
}
