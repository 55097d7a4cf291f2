import { DemoRepository } from './demo.repository';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService } from '../notifications/outbox.service';
import { PipelineService } from '../pipeline/pipeline.service';
import { managerSummaries, table, type ManagerSummary } from '../backtest/backtest-report';
import type { ComposedDigest } from '../digests/compose/compose-digest';
import { actionForFlag, createCalendars, flagKinds, type Policy } from '../policy';
import { slowManagerIndexes } from './generator';

// What the demo prints at the end: read from the demo database after the run, formatted as plain text.

export interface DemoFacts {
  recruiters: Array<{ id: string; name: string; timezone: string | null }>;
  flags: Array<{ kind: string; open: number; opened: number }>;
  sent: Array<{ kind: string; recipient: string; count: number }>;
  suppressed: Record<string, number>;
  cancelled: Record<string, number>;
  pending: number;
  managers: ManagerSummary[];
}

export interface DemoRun {
  posting: {
    accepted: number;
    events: number;
    duplicates: number;
    rejected: number;
    retried: number;
    redelivery?: string;
  };
  scan: { evaluated: number; opened: number; resolved: number };
  drained: boolean;
  digestsQueued: { queued: number; skipped: number };
  facts: DemoFacts;
  digests: Array<{ recruiter: DemoFacts['recruiters'][number]; digest: ComposedDigest; file: string }>;
  shownDigestText: string | null;
  shownDigestRecruiter: DemoFacts['recruiters'][number] | null;
  emlFiles: string[];
  outboxDir: string;
  digestDir: string;
  databaseName: string;
  seconds: number;
}

/** What the run left behind, read through the services of the running API (`app`). */
export async function readDemoFacts(app: INestApplicationContext, policy: Policy): Promise<DemoFacts> {
  const demo = new DemoRepository(app.get(DataSource));
  const recruiters = await demo.recruiters();
  const flagRows = await demo.flagCounts();
  const sent = await demo.sentCounts();
  const facts: DemoFacts = {
    recruiters,
    flags: flagKinds.map((kind) => {
      const row = flagRows.find((entry) => entry.kind === kind);
      return { kind, open: row?.open ?? 0, opened: row?.opened ?? 0 };
    }),
    sent,
    suppressed: {},
    cancelled: {},
    pending: 0,
    managers: managerSummaries(await app.get(PipelineService).feedbackPeriods(), createCalendars(policy)),
  };
  for (const row of await app.get(OutboxService).countsByOutcome()) {
    if (row.status === 'suppressed')
      facts.suppressed[row.reason] = (facts.suppressed[row.reason] ?? 0) + row.count;
    else if (row.status === 'cancelled')
      facts.cancelled[row.reason] = (facts.cancelled[row.reason] ?? 0) + row.count;
    else if (row.status === 'pending' || row.status === 'queued') facts.pending += row.count;
  }
  return facts;
}

/** How many entries of the fullest digest the report prints. */
const shownDigestEntries = 3;

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

const suppressionMeaning: Record<string, string> = {
  source_not_enabled: 'vendor-fed application: keep_warm.sources is canonical only',
  opted_out: 'the candidate opted out (can_email false)',
  snoozed: 'the recruiter snoozed the application',
  cap_reached: 'max_in_a_row automatic updates before a human acts',
  no_recipient_email: 'no email address to write to',
  erased: 'the candidate was erased',
  awaiting_human_reply: 'the candidate wrote and waits for a person, not an automatic update',
};

export function formatDemoReport(run: DemoRun): string {
  const out: string[] = ['', bold('What keepwarm made of six weeks of hiring'), ''];
  const p = run.posting;
  out.push(
    `Events: ${p.accepted} webhooks accepted (${p.events} events), ${p.duplicates} duplicates, ${p.rejected} rejected` +
      `${p.retried ? ` (${p.retried} retried after a 503, as an ATS would)` : ''}; ` +
      `a redelivery of the first one answered ${p.redelivery ?? '—'}`,
  );
  out.push(
    `Sweep (POST /v1/scans): ${run.scan.evaluated} applications evaluated, ${run.scan.opened} flags opened, ${run.scan.resolved} resolved`,
  );

  const flagsOpen = run.facts.flags.reduce((sum, row) => sum + row.open, 0);
  out.push(
    '',
    bold(`Flags: ${flagsOpen} open now`) + ' (what needs a human, and the action keepwarm suggests)',
  );
  out.push(
    table(
      ['kind', 'open', 'ever opened', 'suggested action'],
      run.facts.flags.map((row) => [
        row.kind,
        row.open,
        row.opened,
        actionForFlag[row.kind as keyof typeof actionForFlag] ?? '',
      ]),
    ),
  );

  const sentTotal = run.facts.sent.reduce((sum, row) => sum + row.count, 0);
  out.push(
    '',
    bold(`Emails: ${sentTotal} sent`) + ` as .eml files${run.drained ? '' : ' (delivery still running)'}`,
  );
  out.push(
    table(
      ['kind', 'to', 'sent'],
      run.facts.sent.map((row) => [row.kind, row.recipient, row.count]),
    ),
  );
  const reasons = Object.entries(run.facts.suppressed).sort(([a], [b]) => (a < b ? -1 : 1));
  if (reasons.length) {
    out.push('', 'Not sent, and why (recorded as suppressed, never dropped):');
    out.push(
      table(
        ['reason', 'count', 'meaning'],
        reasons.map(([reason, count]) => [reason, count, suppressionMeaning[reason] ?? '']),
      ),
    );
  }
  const cancelled = Object.entries(run.facts.cancelled).sort(([a], [b]) => (a < b ? -1 : 1));
  if (cancelled.length)
    out.push(
      `Cancelled before sending: ${cancelled.map(([reason, count]) => `${count} ${reason}`).join(', ')}`,
    );
  if (run.facts.pending)
    out.push(`Planned for later: ${run.facts.pending} (at least 3 business days between automatic updates)`);

  const slowIds = new Set(
    run.facts.managers
      .map((manager) => manager.id)
      .filter((id) => slowManagerIndexes.some((index) => id.endsWith(`hm_${index + 1}`))),
  );
  out.push(
    '',
    bold('Hiring managers: time to feedback') +
      ' (waits that ended in feedback; business hours on their own calendar; * = slow in this demo)',
  );
  out.push(
    table(
      [
        'hiring manager',
        'answered',
        'waiting now',
        'median h',
        'p90 h',
        'median business h',
        'p90 business h',
      ],
      run.facts.managers.map((row) => [
        `${slowIds.has(row.id) ? '* ' : '  '}${row.name ?? row.id}`,
        row.feedback_periods,
        row.still_waiting,
        row.median_hours,
        row.p90_hours,
        row.median_business_hours,
        row.p90_business_hours,
      ]),
    ),
  );

  if (run.shownDigestText && run.shownDigestRecruiter) {
    const recruiter = run.shownDigestRecruiter;
    // The head and the first few entries (numbered blocks), then what the digest says about the rest.
    const blocks = run.shownDigestText.trimEnd().split('\n\n');
    const entries = blocks.filter((block) => /^\d+\. /.test(block));
    const others = blocks.slice(1).filter((block) => !/^\d+\. /.test(block));
    const shown = [blocks[0], ...entries.slice(0, shownDigestEntries)];
    if (entries.length > shownDigestEntries)
      shown.push(`… ${entries.length - shownDigestEntries} more entries like these`);
    shown.push(...others.filter((block) => /more candidates? needs? you/.test(block)));
    out.push(
      '',
      bold(`Digest of ${recruiter.name} (${recruiter.timezone ?? 'UTC'})`) +
        ' — GET /v1/recruiters/{id}/digest, the text part of the email:',
      ...shown
        .join('\n\n')
        .split('\n')
        .map((line) => `  │ ${line}`),
    );
  }

  out.push('', bold('Files'));
  out.push(`  ${run.emlFiles.length} emails in ${run.outboxDir}/ (open any .eml in a mail client), e.g.`);
  for (const file of run.emlFiles.slice(0, 3)) out.push(`    ${file}`);
  out.push(`  digests as HTML (one per recruiter, ${run.digestsQueued.queued} also sent as email):`);
  for (const { file, digest } of run.digests)
    out.push(`    ${file}  (${digest.counts.candidates} candidates need their recruiter)`);
  out.push(
    '',
    `Database ${run.databaseName} is kept for a look (psql -d ${run.databaseName}); the next run recreates it.`,
    `Done in ${run.seconds.toFixed(1)} s. Next: try a policy on this history — node dist/cli.js export-events, then backtest (README).`,
    '',
  );
  return out.join('\n');
}
