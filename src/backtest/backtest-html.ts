import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { flagKinds } from '../policy';
import { escapeHtml } from '../email/escape';
import {
  comparisonTable,
  describeHistory,
  describePolicy,
  emailsTable,
  flagsTable,
  managersTable,
  silenceTable,
  type BacktestOutcome,
  type BacktestReport,
  type ReportTable,
} from './backtest-report';

// `backtest --html report.html`: one self-contained page to put on the screen in a meeting. Chart.js
// (its UMD build, from node_modules) and the data are inlined, so the file opens anywhere with no
// network. Every chart has a caption and its data as a table; everything from the history (names,
// ids) is escaped, in the HTML and in the JSON the charts read.

/** Okabe–Ito: told apart with the common colour-vision deficiencies, and dark enough on white for marks. */
const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C6D00'];
const kindColour = (index: number) => palette[index % palette.length];

/** Longest silences counted in buckets of business days: 0–1, 1–2, … and the last one open-ended. */
const silenceBuckets = 15;

interface Panel {
  label: string;
  report: BacktestReport;
}

export function renderHtmlReport(outcomes: readonly BacktestOutcome[]): string {
  const compare = outcomes.length > 1;
  const panels: Panel[] = outcomes.map((outcome, index) => ({
    label: compare ? (index === 0 ? 'Baseline' : 'Candidate') : 'This policy',
    report: outcome.report,
  }));
  const first = outcomes[0].report;
  const weeks = [
    ...new Set(
      outcomes.flatMap((outcome) => [
        ...outcome.charts.flagsPerWeek.map((row) => row.week),
        ...outcome.charts.emailsPerWeek.map((row) => row.week),
      ]),
    ),
  ].sort();
  const emailKinds = [
    ...new Set(outcomes.flatMap((outcome) => outcome.charts.emailsPerWeek.map((row) => row.kind))),
  ].sort();

  const flagSeries = outcomes.map((outcome) =>
    flagKinds.map((kind) => weeks.map((week) => countOf(outcome.charts.flagsPerWeek, week, kind))),
  );
  const emailSeries = outcomes.map((outcome) =>
    emailKinds.map((kind) => weeks.map((week) => countOf(outcome.charts.emailsPerWeek, week, kind))),
  );
  const silenceCounts = outcomes.map((outcome) => bucketCounts(outcome.charts.silences));
  const silenceLabels = Array.from({ length: silenceBuckets + 1 }, (_, index) =>
    index < silenceBuckets ? `${index}–${index + 1}` : `${silenceBuckets}+`,
  );
  // The feedback waits come from the history, not the policy: the same under both.
  const managers = outcomes[0].charts.feedbackWaits
    .filter((manager) => manager.businessHours.length > 0)
    .map((manager) => ({
      label: manager.name ? `${manager.name} (${manager.id})` : manager.id,
      hours: [...manager.businessHours].sort((a, b) => a - b).map((value) => round(value)),
    }))
    .sort((a, b) => median(b.hours) - median(a.hours) || (a.label < b.label ? -1 : 1));

  const data = {
    panels: panels.map((panel) => panel.label),
    weeks,
    flagKinds: [...flagKinds],
    flagColours: flagKinds.map((_, index) => kindColour(index)),
    flagSeries,
    emailKinds,
    emailColours: emailKinds.map((_, index) => kindColour(index)),
    emailSeries,
    silenceLabels,
    silenceCounts,
    silenceThreshold: first.silence.threshold_business_days,
    managers,
    slaHours: panels.map((panel) => panel.report.policy.feedback_sla_hours),
  };

  const title = compare
    ? 'Backtest: two policies side by side'
    : 'Backtest: what this policy would have done';
  const body = [
    `<header><h1>${escapeHtml(title)}</h1>`,
    `<p class="lede">${escapeHtml(describeHistory(first))}</p>`,
    ...panels.map(
      (panel) =>
        `<p class="policy"><strong>${escapeHtml(panel.label)}:</strong> ${escapeHtml(describePolicy(panel.report))}</p>`,
    ),
    '</header>',
    '<main>',
    summary(panels),
    section(
      'flags',
      'Flags opened per week',
      'Every flag keepwarm would have raised, by the week it opened and its kind. A new cause (a new silence, a second feedback level) is a new flag.',
      panels.map((panel, index) =>
        figure(
          `flags-${index}`,
          `${panel.label}: flags opened per week, by kind`,
          `Stacked bars: flags opened each week (weeks start on Monday, UTC), one colour per kind. ${panel.report.flags.total} in all.`,
          weekTable(weeks, [...flagKinds], flagSeries[index]),
        ),
      ),
    ),
    section(
      'emails',
      'Automatic emails sent per week',
      'Keep-warm updates to candidates and reminders to hiring managers that would have gone out, by the week they were sent.',
      panels.map((panel, index) =>
        figure(
          `emails-${index}`,
          `${panel.label}: emails sent per week, by kind`,
          `Stacked bars: automatic emails sent each week, one colour per kind. ${sum(Object.values(panel.report.emails.sent))} in all.`,
          weekTable(weeks, emailKinds, emailSeries[index]),
        ),
      ),
    ),
    section(
      'feedback',
      'Time to feedback per hiring manager',
      'Each dot is one wait that ended with the manager’s feedback, in business hours on their own calendar; the bar marks the median. The dashed line is the feedback window. This comes from the history, so it is the same under every policy.',
      [
        figure(
          'feedback',
          'Time to feedback per hiring manager, each wait a dot',
          `Strip plot: one row per hiring manager, slowest median first; ${managers.length} managers with answered waits.`,
          managerTable(managers),
          Math.max(240, 36 * managers.length + 80),
        ),
      ],
    ),
    section(
      'silence',
      'How long candidates went without contact',
      `Each application’s longest stretch without outbound contact while active, in business days on its recruiter’s calendar. More than ${first.silence.threshold_business_days} counts as left in silence.`,
      [
        figure(
          'silence',
          compare
            ? 'Longest silence per application, baseline and candidate'
            : 'Longest silence per application',
          `Histogram: applications by their longest silence, in one-business-day buckets${compare ? ', one colour per policy' : ''}.`,
          bucketTable(silenceLabels, panels, silenceCounts),
        ),
      ],
    ),
    tablesSection(panels),
    '</main>',
    '<footer><p>Generated by <code>keepwarm backtest</code>. The replay uses the service’s own rules on the history; nothing was sent.</p></footer>',
  ].join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
${body}
<script type="application/json" id="backtest-data">${jsonForScript(data)}</script>
<script>${inlineScript(chartJsSource())}</script>
<script>${inlineScript(drawCharts)}</script>
</body>
</html>
`;
}

function countOf(
  rows: ReadonlyArray<{ week: string; kind: string; count: number }>,
  week: string,
  kind: string,
) {
  return rows.find((row) => row.week === week && row.kind === kind)?.count ?? 0;
}

function bucketCounts(silences: readonly number[]): number[] {
  const counts = new Array<number>(silenceBuckets + 1).fill(0);
  for (const days of silences) counts[Math.min(silenceBuckets, Math.floor(days))] += 1;
  return counts;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const middle = (values.length - 1) / 2;
  return (values[Math.floor(middle)] + values[Math.ceil(middle)]) / 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function summary(panels: readonly Panel[]): string {
  const figures = (report: BacktestReport) => [
    ['flags opened', report.flags.total],
    ['emails sent', sum(Object.values(report.emails.sent))],
    ['emails held back', sum(Object.values(report.emails.suppressed))],
    [`silent > ${report.silence.threshold_business_days} business days`, report.silence.candidates],
  ];
  const cards = panels.map(
    (panel) =>
      `<div class="card"><h3>${escapeHtml(panel.label)}</h3><dl>${figures(panel.report)
        .map(([label, value]) => `<div><dt>${escapeHtml(String(label))}</dt><dd>${value}</dd></div>`)
        .join('')}</dl></div>`,
  );
  return `<section aria-labelledby="summary"><h2 id="summary">At a glance</h2><div class="cards">${cards.join('')}</div></section>`;
}

function section(id: string, heading: string, intro: string, figures: readonly string[]): string {
  return `<section aria-labelledby="${id}-heading"><h2 id="${id}-heading">${escapeHtml(heading)}</h2><p>${escapeHtml(intro)}</p><div class="panels${figures.length > 1 ? ' two' : ''}">${figures.join('')}</div></section>`;
}

function figure(id: string, title: string, description: string, dataTable: string, height?: number): string {
  return `<figure><figcaption id="${id}-caption"><strong>${escapeHtml(title)}.</strong> ${escapeHtml(description)}</figcaption><div class="chart"${height ? ` style="height:${height}px"` : ''}><canvas id="chart-${id}" role="img" aria-label="${escapeHtml(`${title}. ${description} The data is in the table below.`)}"></canvas></div><details><summary>Data table: ${escapeHtml(title)}</summary>${dataTable}</details></figure>`;
}

function htmlTable(
  caption: string,
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  const cell = (value: string | number | null) => (value === null ? '—' : escapeHtml(String(value)));
  const head = headers.map((header) => `<th scope="col">${cell(header)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row
          .map((value, index) =>
            index === 0
              ? `<th scope="row">${cell(value)}</th>`
              : `<td${typeof value === 'number' ? ' class="num"' : ''}>${cell(value)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<div class="table-scroll" tabindex="0" role="region" aria-label="${escapeHtml(caption)}"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function weekTable(weeks: readonly string[], kinds: readonly string[], series: readonly number[][]): string {
  const rows = weeks.map((week, column) => [
    `week of ${week}`,
    ...kinds.map((_, row) => series[row][column]),
  ]);
  return htmlTable('Per week and kind', ['week', ...kinds], rows);
}

function managerTable(managers: ReadonlyArray<{ label: string; hours: number[] }>): string {
  return htmlTable(
    'Answered waits per hiring manager (business hours)',
    ['hiring manager', 'waits', 'median', 'each wait'],
    managers.map((manager) => [
      manager.label,
      manager.hours.length,
      round(median(manager.hours)),
      manager.hours.join(', '),
    ]),
  );
}

function bucketTable(
  labels: readonly string[],
  panels: readonly Panel[],
  counts: readonly number[][],
): string {
  return htmlTable(
    'Applications per longest silence (business days)',
    ['longest silence', ...panels.map((panel) => panel.label)],
    labels.map((label, index) => [`${label} days`, ...counts.map((row) => row[index])]),
  );
}

function reportTable(table: ReportTable): string {
  return htmlTable(
    table.title,
    table.headers.map((header, index) => (index === 0 && !header ? 'measure' : header)),
    table.rows,
  );
}

function tablesSection(panels: readonly Panel[]): string {
  const parts: string[] = [];
  if (panels.length > 1) parts.push(reportTable(comparisonTable(panels[0].report, panels[1].report)));
  for (const panel of panels) {
    const prefix = panels.length > 1 ? `<h3>${escapeHtml(panel.label)}</h3>` : '';
    parts.push(
      prefix,
      reportTable(flagsTable(panel.report)),
      reportTable(emailsTable(panel.report)),
      reportTable(silenceTable(panel.report)),
    );
  }
  parts.push(reportTable(managersTable(panels[0].report.hiring_managers)));
  return `<section aria-labelledby="tables-heading"><h2 id="tables-heading">The numbers</h2><p>The tables of the terminal report.</p>${parts.join('')}</section>`;
}

/** JSON inside <script>: nothing in it can close the element or start a comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function inlineScript(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

let chartJs: string | undefined;

/** Chart.js's UMD build as installed: read once, inlined into every report. */
function chartJsSource(): string {
  chartJs ??= readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  return chartJs;
}

const styles = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b5394; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 1.9rem; margin: 0 0 8px; }
h2 { font-size: 1.45rem; margin: 36px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.15rem; margin: 20px 0 6px; }
p { margin: 6px 0; }
.lede, .policy { color: var(--muted); font-size: 0.95rem; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card h3 { margin-top: 0; }
dl { display: grid; grid-template-columns: repeat(2, 1fr); gap: 8px 16px; margin: 0; }
dt { color: var(--muted); font-size: 0.9rem; }
dd { margin: 0; font-size: 1.9rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.panels { display: grid; gap: 24px; }
@media (min-width: 960px) { .panels.two { grid-template-columns: 1fr 1fr; } }
figure { margin: 0; min-width: 0; }
figcaption { margin-bottom: 8px; }
.chart { position: relative; width: 100%; height: 340px; }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--accent); }
.table-scroll { overflow-x: auto; margin: 8px 0 16px; }
.table-scroll:focus { outline: 3px solid var(--accent); }
table { border-collapse: collapse; font-size: 0.95rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; white-space: nowrap; }
thead th { border-bottom: 2px solid var(--ink); }
td.num { text-align: right; }
footer { margin: 40px auto 24px; color: var(--muted); font-size: 0.9rem; }
@media (max-width: 600px) {
  body { font-size: 16px; } h1 { font-size: 1.5rem; } dd { font-size: 1.5rem; }
  header, main, footer { padding: 0 12px; }
  .chart { height: 480px; }
}
`;

// Runs in the page: reads the inlined data and draws with the inlined Chart.js.
const drawCharts = `
(function () {
  var data = JSON.parse(document.getElementById('backtest-data').textContent);
  Chart.defaults.font.size = 14;
  Chart.defaults.color = '#1a1a1a';
  Chart.defaults.animation = false;
  var narrow = window.innerWidth < 600;
  var base = { responsive: true, maintainAspectRatio: false };
  var legend = { position: 'bottom', labels: { boxWidth: narrow ? 12 : 28, font: { size: narrow ? 12 : 14 } } };
  function maxOfStacks(series) {
    var max = 0;
    series.forEach(function (panel) {
      if (!panel.length) return;
      panel[0].forEach(function (_, column) {
        var total = 0;
        panel.forEach(function (row) { total += row[column]; });
        max = Math.max(max, total);
      });
    });
    return max;
  }
  function stacked(id, labels, kinds, colours, rows, max) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: kinds.map(function (kind, index) {
        return { label: kind, data: rows[index], backgroundColor: colours[index], stack: 'all' };
      }) },
      options: Object.assign({}, base, {
        scales: { x: { stacked: true, title: { display: true, text: 'week starting' } },
                  y: { stacked: true, beginAtZero: true, suggestedMax: max, title: { display: true, text: 'count' } } },
        plugins: { legend: legend }
      })
    });
  }
  var flagMax = maxOfStacks(data.flagSeries);
  var emailMax = maxOfStacks(data.emailSeries);
  data.panels.forEach(function (_, index) {
    stacked('chart-flags-' + index, data.weeks, data.flagKinds, data.flagColours, data.flagSeries[index], flagMax);
    stacked('chart-emails-' + index, data.weeks, data.emailKinds, data.emailColours, data.emailSeries[index], emailMax);
  });

  var managers = data.managers;
  var points = [];
  var medians = [];
  managers.forEach(function (manager, row) {
    manager.hours.forEach(function (hours, index) {
      var jitter = ((index * 37) % 11 - 5) / 16;
      points.push({ x: hours, y: row + jitter });
    });
    var m = manager.hours.length ? (manager.hours[Math.floor((manager.hours.length - 1) / 2)] + manager.hours[Math.ceil((manager.hours.length - 1) / 2)]) / 2 : 0;
    medians.push({ x: m, y: row });
  });
  var slaLines = data.slaHours.filter(function (value, index, all) { return all.indexOf(value) === index; });
  var feedbackCanvas = document.getElementById('chart-feedback');
  if (feedbackCanvas) new Chart(feedbackCanvas, {
    type: 'scatter',
    data: { datasets: [
      { label: 'one wait', data: points, backgroundColor: 'rgba(0, 114, 178, 0.55)', borderColor: '#0072B2', pointRadius: 4 },
      { label: 'median', data: medians, pointStyle: 'line', pointRadius: 14, borderWidth: 4, borderColor: '#D55E00', backgroundColor: '#D55E00', rotation: 90 }
    ].concat(slaLines.map(function (hours, index) {
      return { label: 'feedback window ' + hours + ' h', type: 'line', data: [{ x: hours, y: -0.6 }, { x: hours, y: managers.length - 0.4 }],
               borderColor: '#1a1a1a', borderDash: index === 0 ? [6, 4] : [2, 3], borderWidth: 2, pointRadius: 0 };
    })) },
    options: Object.assign({}, base, {
      scales: {
        x: { beginAtZero: true, title: { display: true, text: 'business hours until feedback' } },
        y: { min: -0.6, max: managers.length - 0.4, reverse: true,
             ticks: { stepSize: 1, autoSkip: false, callback: function (value) { return Number.isInteger(value) && managers[value] ? managers[value].label : ''; } } }
      },
      plugins: { legend: legend }
    })
  });

  var silenceCanvas = document.getElementById('chart-silence');
  if (silenceCanvas) new Chart(silenceCanvas, {
    type: 'bar',
    data: { labels: data.silenceLabels, datasets: data.panels.map(function (label, index) {
      return { label: label, data: data.silenceCounts[index], backgroundColor: ['#0072B2', '#D55E00'][index] };
    }) },
    options: Object.assign({}, base, {
      scales: { x: { title: { display: true, text: 'longest silence, business days (more than ' + data.silenceThreshold + ' is left in silence)' } },
                y: { beginAtZero: true, title: { display: true, text: 'applications' } } },
      plugins: { legend: legend }
    })
  });
})();
`;
