import type { LoopReport } from '../artefacts/loop-report.js';
import type { StageRun } from '../artefacts/loop-state.js';
import { formatDuration, formatGain, formatPct, rankCoverageChanges } from './loop-markdown.js';

/** Most files the coverage chart draws; the rest are counted under it. */
const MAX_CHART_FILES = 30;

/** Pure: text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Pure: a number for CSS or SVG, with at most two decimals. */
function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

interface Span {
  stage: StageRun;
  start: number;
  length: number;
}

/** Where each stage sits on the run's clock: from its started_at when readable, else right after the one before. */
function placeStages(stages: StageRun[], runStartedAt: string): Span[] {
  const origin = Date.parse(runStartedAt);
  let cursor = 0;
  return stages.map((stage) => {
    const offset = Date.parse(stage.started_at) - origin;
    const start = Number.isFinite(offset) && offset >= cursor ? offset : cursor;
    const length = stage.duration_ms ?? 0;
    cursor = start + length;
    return { stage, start, length };
  });
}

/** Pure: the stage timeline, one row per stage run with a bar placed and sized by its time on the run's clock. */
export function renderTimeline(report: LoopReport): string {
  if (report.stages.length === 0) return '<p class="empty">No stage ran.</p>';
  const spans = placeStages(report.stages, report.started_at);
  const total = Math.max(report.duration_ms, ...spans.map((span) => span.start + span.length), 1);
  const rows = spans.map(({ stage, start, length }) => {
    const left = (start / total) * 100;
    const width = Math.min(Math.max((length / total) * 100, 0.6), 100 - left);
    const attempt = stage.attempt > 1 ? ` <span class="muted">attempt ${stage.attempt}</span>` : '';
    const outcome = `${escapeHtml(stage.outcome ?? stage.status)} · `;
    const tip = escapeHtml(`${stage.stage}: ${stage.status} — ${stage.summary}${stage.error ? ` (${stage.error})` : ''}`);
    return [
      `<li class="tl-row" data-stage="${stage.number}">`,
      `<span class="tl-label"><span class="tl-num">${stage.number}</span>${escapeHtml(stage.stage)}${attempt}</span>`,
      `<span class="tl-track"><span class="tl-bar st-${stage.status}" style="left:${num(left)}%;width:${num(width)}%" title="${tip}"></span></span>`,
      `<span class="tl-meta">${outcome}${formatDuration(stage.duration_ms)}</span>`,
      '</li>',
    ].join('');
  });
  const legend = ['succeeded', 'failed', 'errored', 'interrupted', 'running']
    .filter((status) => report.stages.some((stage) => stage.status === status))
    .map((status) => `<span><i class="swatch st-${status}"></i>${status}</span>`)
    .join('');
  return `<ol class="timeline">${rows.join('\n')}</ol>\n<p class="legend">${legend}<span class="muted">0 → ${formatDuration(total)}</span></p>`;
}

interface ChartRow {
  label: string;
  title: string;
  before: number | null;
  after: number | null;
  isTotal: boolean;
}

function shorten(path: string, max: number): string {
  return path.length <= max ? path : `…${path.slice(path.length - max + 1)}`;
}

function chartRows(report: LoopReport): { rows: ChartRow[]; hidden: number } {
  const changed = rankCoverageChanges(report.coverage.files);
  const unchanged = report.coverage.files
    .filter((file) => file.before === file.after)
    .sort((a, b) => a.file.localeCompare(b.file));
  const files = [...changed, ...unchanged];
  const shown = files.slice(0, MAX_CHART_FILES).map((file) => ({
    label: shorten(file.file, 34), title: file.file, before: file.before, after: file.after, isTotal: false,
  }));
  const { before, after } = report.coverage;
  const total = before === null && after === null ? [] : [{ label: 'Total', title: 'Total line coverage', before, after, isTotal: true }];
  return { rows: [...total, ...shown], hidden: files.length - shown.length };
}

const LABEL_W = 250;
const PLOT_X = 262;
const PLOT_W = 500;
const CHART_W = 900;
const BAR_H = 11;
const ROW_H = 38;
const TOP = 40;

function bar(row: ChartRow, series: 'before' | 'after', y: number): string {
  const pct = row[series];
  if (pct === null) return `<text class="cov-value" x="${PLOT_X + 4}" y="${y + 9}">not measured</text>`;
  const width = (pct / 100) * PLOT_W;
  const title = escapeHtml(`${row.title} ${series}: ${formatPct(pct)}`);
  return [
    `<rect class="cov-${series}" data-file="${escapeHtml(row.title)}" data-series="${series}" data-pct="${num(pct)}" x="${PLOT_X}" y="${y}" width="${num(width)}" height="${BAR_H}" rx="2"><title>${title}</title></rect>`,
    `<text class="cov-value" x="${num(PLOT_X + width + 6)}" y="${y + 9}">${formatPct(pct)}</text>`,
  ].join('');
}

/** Pure: the coverage chart, paired before/after bars per file on a 0–100 axis, or a sentence when nothing was measured. */
export function renderCoverageChart(report: LoopReport): string {
  const { rows, hidden } = chartRows(report);
  if (rows.length === 0) return '<p class="empty">Coverage was not measured in this run, so there is no chart.</p>';
  const height = TOP + rows.length * ROW_H + 24;
  const axisBottom = TOP + rows.length * ROW_H - 6;
  const grid = [0, 25, 50, 75, 100].map((tick) => {
    const x = num(PLOT_X + (tick / 100) * PLOT_W);
    return `<line class="cov-grid" x1="${x}" x2="${x}" y1="${TOP - 6}" y2="${axisBottom}"/><text class="cov-tick" x="${x}" y="${axisBottom + 16}" text-anchor="middle">${tick}%</text>`;
  });
  const groups = rows.map((row, index) => {
    const y = TOP + index * ROW_H;
    const label = `<text class="cov-label${row.isTotal ? ' cov-total' : ''}" x="${LABEL_W}" y="${y + BAR_H + 5}" text-anchor="end"><title>${escapeHtml(row.title)}</title>${escapeHtml(row.label)}</text>`;
    const gain = formatGain(row.before, row.after);
    const tone = gain === null || gain === '0' ? '' : gain.startsWith('+') ? ' cov-up' : ' cov-down';
    const delta = gain === null ? '' : `<text class="cov-delta${tone}" x="${CHART_W - 4}" y="${y + BAR_H + 5}" text-anchor="end">${gain}</text>`;
    return `<g class="cov-row">${label}${bar(row, 'before', y)}${bar(row, 'after', y + BAR_H + 3)}${delta}</g>`;
  });
  const aria = `Line coverage per file before and after the run, 0 to 100 percent; total ${formatPct(report.coverage.before)} before, ${formatPct(report.coverage.after)} after`;
  const legend = [
    `<g class="cov-legend"><rect class="cov-before" x="${PLOT_X}" y="8" width="12" height="12" rx="2"/><text x="${PLOT_X + 18}" y="18">before (first green build 1)</text>`,
    `<rect class="cov-after" x="${PLOT_X + 210}" y="8" width="12" height="12" rx="2"/><text x="${PLOT_X + 228}" y="18">after (last green build)</text>`,
    `<text x="${CHART_W - 4}" y="18" text-anchor="end">points</text></g>`,
  ].join('');
  const svg = [
    `<svg id="coverage-chart" role="img" aria-label="${escapeHtml(aria)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_W} ${height}" width="${CHART_W}" height="${height}">`,
    legend,
    ...grid,
    ...groups,
    '</svg>',
  ].join('\n');
  const more = hidden > 0 ? `\n<p class="muted">…and ${hidden} more file(s) not drawn.</p>` : '';
  return `<div class="chart">${svg}</div>${more}`;
}
