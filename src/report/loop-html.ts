import type { LoopReport, LoopTest } from '../artefacts/loop-report.js';
import { escapeHtml as esc, renderCoverageChart, renderTimeline } from './loop-html-parts.js';
import { countTestsByStatus, describeMerge, formatDuration, formatGain, formatPct } from './loop-markdown.js';

/** Lines of a failure message shown before it is cut. */
const MAX_MESSAGE_LINES = 12;

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--page:#eef1f4;--ok:#1a7f37;--bad:#cf222e;--err:#bc4c00;--warn:#9a6700;--info:#0969da;--idle:#6e7781}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--page);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:1000px;margin:0 auto;padding:32px 24px 40px}
header.hero,section{background:#fff;border:1px solid var(--line);border-radius:12px;padding:22px 26px;margin:0 0 18px}
h1{font-size:24px;line-height:1.25;margin:0}
h2{font-size:17px;margin:0 0 14px}
h3{font-size:15px;margin:0 0 6px}
p{margin:0 0 10px}
code,pre{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
code{background:var(--panel);border:1px solid var(--line);border-radius:5px;padding:0 5px;overflow-wrap:anywhere}
pre{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:8px 0 0;white-space:pre-wrap;word-break:break-word}
.muted{color:var(--muted)}
a{color:var(--info)}
.empty{color:var(--muted);font-style:italic;margin:0}
.title-row{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin-bottom:10px}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:700;letter-spacing:.03em;color:#fff;background:var(--idle);white-space:nowrap}
.badge.s-DONE,.badge.t-kept{background:var(--ok)}
.badge.s-FAILED{background:var(--bad)}
.badge.s-ERRORED{background:var(--err)}
.badge.s-running{background:var(--info)}
.badge.t-quarantined-bug-revealing{background:var(--warn)}
.chip{display:inline-block;padding:1px 9px;border:1px solid var(--line);border-radius:999px;font-size:12px;color:var(--muted);background:var(--panel);white-space:nowrap}
.summary{font-size:16px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:14px 0 0;font-size:14px}
.facts dt{color:var(--muted)}
.facts dd{margin:0;min-width:0}
.alerts{margin-top:14px}
.alert{border-left:4px solid var(--bad);background:#fff1f0;border-radius:6px;padding:8px 12px;margin:6px 0 0;font-size:14px}
.alert.warn{border-color:var(--warn);background:#fff8e5}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;background:none;border:0;padding:0}
.kpi{background:#fff;border:1px solid var(--line);border-radius:12px;padding:14px 16px}
.kpi .label{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.kpi .value{font-size:22px;font-weight:650;margin-top:2px}
.kpi .sub{font-size:13px;color:var(--muted)}
.gain-up{color:var(--ok)}.gain-down{color:var(--bad)}
.timeline{list-style:none;margin:0;padding:0}
.tl-row{display:grid;grid-template-columns:170px 1fr 190px;align-items:center;gap:12px;padding:5px 0;border-bottom:1px solid #eef0f2;font-size:14px}
.tl-row:last-child{border-bottom:0}
.tl-num{display:inline-block;min-width:22px;color:var(--muted);font-variant-numeric:tabular-nums}
.tl-track{position:relative;height:16px;background:var(--panel);border-radius:4px}
.tl-bar{position:absolute;top:0;bottom:0;border-radius:4px;min-width:3px}
.tl-meta{color:var(--muted);font-size:13px;text-align:right;font-variant-numeric:tabular-nums;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.st-succeeded{background:var(--ok)}.st-failed{background:var(--bad)}.st-errored{background:var(--err)}.st-interrupted{background:var(--idle)}.st-running{background:var(--info)}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;color:var(--muted);margin:12px 0 0}
.swatch{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;vertical-align:-1px}
.chart svg{display:block;max-width:100%;height:auto;font-family:inherit}
.cov-before{fill:#b6c0ca}.cov-after{fill:var(--info)}
.cov-grid{stroke:#e3e7eb;stroke-width:1}
.cov-tick,.cov-value{font-size:11px;fill:var(--muted)}
.cov-label{font-size:12.5px;fill:var(--fg)}
.cov-total{font-weight:700}
.cov-delta{font-size:12px;font-weight:600;fill:var(--muted);font-variant-numeric:tabular-nums}.cov-up{fill:var(--ok)}.cov-down{fill:var(--bad)}
.cov-legend text{font-size:12px;fill:var(--muted)}
.cov-total-line{font-size:15px;margin-bottom:14px}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:var(--panel)}
td pre{margin:0}
.where{font-size:12.5px;color:var(--muted);margin-top:3px}
table.tests td:first-child{width:1%;white-space:nowrap}
table.tests td:last-child{width:34%}
tr{break-inside:avoid}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 14px}
.bug{border:1px solid #e9c46a;border-left:5px solid var(--warn);background:#fffbeb;border-radius:10px;padding:14px 16px;margin:0 0 12px}
.bug:last-child{margin-bottom:0}
section.bugs{border-color:#e9c46a}
.guards{list-style:none;margin:0;padding:0}
.guards li{padding:6px 0;border-bottom:1px solid #eef0f2;font-size:14px}
.guards li:last-child{border-bottom:0}
.guards li.tripped{border-left:4px solid var(--bad);background:#fff1f0;padding:8px 12px;border-radius:6px;margin-bottom:6px}
ul.notes{margin:0;padding-left:20px}
footer{color:var(--muted);font-size:12.5px;text-align:center}
@media (max-width:700px){
  main{padding:16px 10px}
  header.hero,section{padding:16px}
  .tl-row{grid-template-columns:110px 1fr 120px;gap:8px}
}
@media print{
  body{background:#fff;font-size:12px}
  main{max-width:none;padding:0}
  header.hero,section,.kpi{border-color:#bbb;break-inside:avoid-page}
  section{padding:12px 0;border-width:0 0 1px;border-radius:0}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

function statusFigure(report: LoopReport): string {
  const gain = formatGain(report.coverage.before, report.coverage.after);
  const gainClass = gain === null || gain === '0' ? 'muted' : gain.startsWith('+') ? 'gain-up' : 'gain-down';
  const kept = report.tests.filter((test) => test.status === 'kept').length;
  const cards = [
    report.coverage.before === null && report.coverage.after === null
      ? ['Coverage', '–', 'not measured']
      : ['Coverage', `${formatPct(report.coverage.before)} → ${formatPct(report.coverage.after)}`, gain === null ? 'lines' : `<span class="${gainClass}">${gain} points</span>`],
    ['Tests added', String(report.tests_added), `${kept} kept of ${report.tests.length} tried`],
    ['Fixes applied', String(report.fixes_applied), `${report.failures.filter((failure) => failure.fixed_by === null).length} failure(s) not fixed`],
    ['Duration', formatDuration(report.duration_ms), `${report.stages.length} stage run(s)`],
  ];
  const html = cards.map(([label, value, sub]) => `<div class="kpi"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`);
  return `<section class="kpis" aria-label="Key figures">${html.join('')}</section>`;
}

/** "2026-03-02 10:00:00 UTC" from an ISO timestamp; anything else as it is. */
function readableTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

function renderHeader(report: LoopReport): string {
  const sha = (value: string): string => `<code>${esc(value.slice(0, 12))}</code>`;
  const commits = report.final_commit_sha === report.base_sha ? `${sha(report.base_sha)} (nothing committed)` : `${sha(report.base_sha)} → ${sha(report.final_commit_sha)}`;
  const facts: Array<[string, string]> = [
    ...(report.goal ? [['Goal', esc(report.goal)] as [string, string]] : []),
    ['Branch', report.branch_name ? `<code>${esc(report.branch_name)}</code> — ${describeMerge(report.merge)}` : describeMerge(report.merge)],
    ['Commits', commits],
    ['Engine', `${report.engine}${report.model ? ` (${esc(report.model)})` : ''}`],
    ['Started', `${esc(readableTime(report.started_at))}, took ${formatDuration(report.duration_ms)}`],
    ['Run', `<code>${esc(report.run_id)}</code>`],
  ];
  const alerts = [
    ...report.guards.filter((guard) => guard.tripped).map((guard) => `<p class="alert">Guard <strong>${guard.name}</strong> tripped: ${esc(guard.detail)}</p>`),
    ...(report.tests.some(isBug) ? [`<p class="alert warn"><a href="#possible-bugs">${report.tests.filter(isBug).length} possible bug(s) found</a>: generated tests that fail every run against the current code.</p>`] : []),
  ];
  return [
    '<header class="hero">',
    `<div class="title-row"><h1>heal loop</h1><span class="badge s-${report.status}">${report.status}</span>${report.stop_reason ? `<span class="chip">${report.stop_reason}</span>` : ''}</div>`,
    `<p class="summary">${esc(report.summary)}</p>`,
    `<dl class="facts">${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`,
    alerts.length > 0 ? `<div class="alerts">${alerts.join('')}</div>` : '',
    '</header>',
  ].join('\n');
}

function isBug(test: LoopTest): boolean {
  return test.status === 'quarantined-bug-revealing';
}

function clip(message: string): string {
  const lines = message.trimEnd().split('\n');
  return lines.length <= MAX_MESSAGE_LINES ? lines.join('\n') : `${lines.slice(0, MAX_MESSAGE_LINES).join('\n')}\n… (${lines.length - MAX_MESSAGE_LINES} more lines)`;
}

function section(id: string, title: string, body: string, extraClass = ''): string {
  return `<section id="${id}"${extraClass ? ` class="${extraClass}"` : ''}>\n<h2>${title}</h2>\n${body}\n</section>`;
}

function renderCoverageSection(report: LoopReport): string {
  const { before, after } = report.coverage;
  const gain = formatGain(before, after);
  const line = before === null && after === null ? '' : `<p class="cov-total-line">Total line coverage <strong>${formatPct(before)} → ${formatPct(after)}</strong>${gain === null ? '' : ` (${gain} points)`}</p>`;
  return section('coverage', 'Coverage before and after', `${line}${renderCoverageChart(report)}`);
}

function renderFailures(report: LoopReport): string {
  if (report.failures.length === 0) return section('failures', 'Failures and fixes', '<p class="empty">No stage met a failure to fix.</p>');
  const rows = report.failures.map((failure) => {
    const fix = failure.fixed_by ? `<span class="badge t-kept">fixed</span> ${esc(failure.fixed_by)}` : '<span class="badge s-FAILED">not fixed</span>';
    return `<tr><td><code>${esc(failure.id)}</code></td><td><pre>${esc(clip(failure.message))}</pre></td><td>${fix}</td></tr>`;
  });
  return section('failures', 'Failures and fixes', `<table><thead><tr><th>Failure</th><th>Message</th><th>Fixed by</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`);
}

function renderBugs(report: LoopReport): string {
  const bugs = report.tests.filter(isBug);
  if (bugs.length === 0) return '';
  const cards = bugs.map((test) => [
    '<article class="bug">',
    `<h3>${esc(test.name)}</h3>`,
    `<p class="muted"><code>${esc(test.file)}</code>${test.target ? ` · target <code>${esc(test.target)}</code>` : ''}</p>`,
    `<p>${esc(test.reason)}</p>`,
    `<pre>${esc(clip(test.failure ?? test.reason))}</pre>`,
    '</article>',
  ].join('\n'));
  const intro = '<p>These generated tests are well formed and deterministic, and fail every run against the current code. They were not committed: check whether the code or the test is wrong.</p>';
  return section('possible-bugs', 'Possible bugs found', `${intro}\n${cards.join('\n')}`, 'bugs');
}

function renderTests(report: LoopReport): string {
  if (report.tests.length === 0) return section('tests', 'Generated tests', '<p class="empty">No test was generated.</p>');
  const counts = countTestsByStatus(report.tests).map(({ status, count }) => `<span class="chip">${status}: <strong>${count}</strong></span>`);
  const ordered = [...report.tests.filter(isBug), ...report.tests.filter((test) => !isBug(test))];
  const rows = ordered.map((test) => {
    const where = `<div class="where"><code>${esc(test.file)}</code>${test.target ? ` · target <code>${esc(test.target)}</code>` : ''}</div>`;
    return `<tr><td><span class="badge t-${test.status}">${test.status}</span></td><td>${esc(test.name)}${where}</td><td>${esc(test.reason)}</td></tr>`;
  });
  const table = `<table class="tests"><thead><tr><th>Status</th><th>Test</th><th>Why</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
  return section('tests', 'Generated tests kept and dropped', `<div class="counts">${counts.join('')}</div>\n${table}`);
}

function renderGuards(report: LoopReport): string {
  if (report.guards.length === 0) return '';
  const ordered = [...report.guards.filter((guard) => guard.tripped), ...report.guards.filter((guard) => !guard.tripped)];
  const items = ordered.map((guard) => guard.tripped
    ? `<li class="tripped"><span class="badge s-FAILED">tripped</span> <strong>${guard.name}</strong>: ${esc(guard.detail)}</li>`
    : `<li><span class="badge t-kept">ok</span> <strong>${guard.name}</strong> <span class="muted">${esc(guard.detail)}</span></li>`);
  return section('guards', 'Guards', `<ul class="guards">${items.join('\n')}</ul>`);
}

function renderUsage(report: LoopReport): string {
  const { usage } = report;
  if (usage.calls === 0) return '';
  const cost = `$${usage.cost_usd.toFixed(4)}${usage.cost_known ? '' : ' or more (some calls had no known price)'}`;
  const facts: Array<[string, string]> = [
    ['Model calls', String(usage.calls)],
    ['Tokens', `${usage.total_tokens.toLocaleString('en-US')} (${usage.prompt_tokens.toLocaleString('en-US')} prompt + ${usage.completion_tokens.toLocaleString('en-US')} completion)`],
    ['Cost', cost],
  ];
  return section('usage', 'Model usage', `<dl class="facts">${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`);
}

function renderNotes(report: LoopReport): string {
  if (report.notes.length === 0) return '';
  return section('notes', 'Notes', `<ul class="notes">${report.notes.map((note) => `<li>${esc(note)}</li>`).join('\n')}</ul>`);
}

/** Pure: report.html for heal loop, one self-contained HTML5 page (inline CSS and SVG, no scripts, no external resources). */
export function renderLoopHtml(report: LoopReport): string {
  const title = `heal loop ${report.status}${report.stop_reason ? ` (${report.stop_reason})` : ''} — ${report.run_id}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    renderHeader(report),
    statusFigure(report),
    section('timeline', 'Stages', renderTimeline(report)),
    renderCoverageSection(report),
    renderFailures(report),
    renderBugs(report),
    renderTests(report),
    renderGuards(report),
    renderUsage(report),
    renderNotes(report),
    `<footer>Generated by heal · run ${esc(report.run_id)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].filter((part) => part !== '').join('\n');
}
