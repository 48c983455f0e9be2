import { TestStatus } from '../artefacts/generated-tests.js';
import type { FileCoverageChange, LoopReport, LoopTest, MergeOutcome } from '../artefacts/loop-report.js';
import type { StageRun } from '../artefacts/loop-state.js';
import type { Usage } from '../model/usage.js';

/** Most per-file coverage rows report.md shows before "and N more". */
const MAX_COVERAGE_ROWS = 20;

/** Pure: "850 ms", "12.3 s", "3m 04s", "1h 02m"; "–" when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Pure: a line-coverage percentage to one decimal ("84.5%"), "–" when not measured. */
export function formatPct(pct: number | null): string {
  return pct === null ? '–' : `${Math.round(pct * 10) / 10}%`;
}

/** Pure: the change in points ("+13.3", "-2", "0"), or null when either side was not measured. */
export function formatGain(before: number | null, after: number | null): string | null {
  if (before === null || after === null) return null;
  const points = Math.round((after - before) * 10) / 10;
  return points > 0 ? `+${points}` : `${points}`;
}

/** Pure: the files whose coverage changed, biggest gain first; files with a side not measured go last. */
export function rankCoverageChanges(files: FileCoverageChange[]): FileCoverageChange[] {
  const gain = (file: FileCoverageChange): number =>
    file.before === null || file.after === null ? Number.NEGATIVE_INFINITY : file.after - file.before;
  return files
    .filter((file) => file.before !== file.after)
    .sort((a, b) => gain(b) - gain(a) || a.file.localeCompare(b.file));
}

/** Pure: how many tests ended in each status, in the order the statuses are declared. */
export function countTestsByStatus(tests: LoopTest[]): Array<{ status: TestStatus; count: number }> {
  return TestStatus.options
    .map((status) => ({ status, count: tests.filter((test) => test.status === status).length }))
    .filter(({ count }) => count > 0);
}

/** Pure: what became of the run's branch, as a phrase ("merged into your branch"). */
export function describeMerge(merge: MergeOutcome): string {
  switch (merge) {
    case 'merged': return 'merged into your branch';
    case 'kept': return 'kept for review, not merged';
    case 'discarded': return 'discarded';
    case 'none': return 'nothing committed, nothing merged';
  }
}

/** Pure: one sentence on model use ("3 call(s), 1,234 tokens (…), $0.0123"). */
export function describeUsage(usage: Usage): string {
  const cost = `$${usage.cost_usd.toFixed(4)}${usage.cost_known ? '' : ' or more (some calls had no known price)'}`;
  return `${usage.calls} model call(s), ${usage.total_tokens.toLocaleString('en-US')} tokens (${usage.prompt_tokens.toLocaleString('en-US')} prompt + ${usage.completion_tokens.toLocaleString('en-US')} completion), ${cost}.`;
}

function text(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Like text(), but leaves `code spans` as they are: Markdown does not decode entities inside them. */
function textWithCode(value: string): string {
  return value
    .split(/(`[^`\n]+`)/)
    .map((part, index) => (index % 2 === 1 ? part : text(part)))
    .join('');
}

function cell(value: string): string {
  return text(value).replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}

function code(value: string, isInTable = false): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const inner = (isInTable ? value.replaceAll('|', '\\|') : value).replaceAll(/\r?\n/g, ' ');
  return longest > 0 ? `${ticks} ${inner} ${ticks}` : `${ticks}${inner}${ticks}`;
}

function fence(value: string): string {
  const longest = Math.max(2, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return [`${ticks}text`, value.trimEnd(), ticks].join('\n');
}

function sha(value: string | null): string {
  return value ? `\`${value.slice(0, 12)}\`` : '–';
}

function stageRow(stage: StageRun): string {
  const what = stage.error ? `${stage.summary} (error: ${stage.error})` : stage.summary;
  return `| ${stage.number} | ${stage.stage} | ${stage.attempt} | ${stage.status} | ${cell(stage.outcome ?? '–')} | ${formatDuration(stage.duration_ms)} | ${sha(stage.commit_sha)} | ${cell(what)} |`;
}

function renderHeader(report: LoopReport): string[] {
  const model = report.model ? ` (${report.model})` : '';
  const commits = report.final_commit_sha === report.base_sha
    ? `base ${sha(report.base_sha)}, nothing committed`
    : `base ${sha(report.base_sha)} → ${sha(report.final_commit_sha)}`;
  return [
    `# heal loop: ${report.status}${report.stop_reason ? ` (${report.stop_reason})` : ''}`,
    '',
    text(report.summary),
    '',
    ...(report.goal ? [`**Goal:** ${text(report.goal)}`, ''] : []),
    `Run \`${report.run_id}\`, ${report.engine} engine${model}, ${commits}; ${report.stages.length} stage run(s) in ${formatDuration(report.duration_ms)}; ${report.fixes_applied} fix(es) applied, ${report.tests_added} test(s) added.`,
  ];
}

function renderCoverage(report: LoopReport): string[] {
  const { before, after, files } = report.coverage;
  if (before === null && after === null && files.length === 0) return ['', '## Coverage', '', 'Not measured.'];
  const gain = formatGain(before, after);
  const lines = ['', '## Coverage', '', `Line coverage: ${formatPct(before)} → ${formatPct(after)}${gain === null ? '' : ` (${gain} points)`}.`];
  const changed = rankCoverageChanges(files);
  if (changed.length === 0) return [...lines, '', 'No file’s coverage changed.'];
  lines.push('', '| file | before | after | change |', '| --- | ---: | ---: | ---: |');
  for (const file of changed.slice(0, MAX_COVERAGE_ROWS)) {
    lines.push(`| ${code(file.file, true)} | ${formatPct(file.before)} | ${formatPct(file.after)} | ${formatGain(file.before, file.after) ?? '–'} |`);
  }
  if (changed.length > MAX_COVERAGE_ROWS) lines.push('', `…and ${changed.length - MAX_COVERAGE_ROWS} more file(s).`);
  return lines;
}

function renderFailures(report: LoopReport): string[] {
  if (report.failures.length === 0) return [];
  const lines = ['', '## Failures and what fixed them', ''];
  for (const failure of report.failures) {
    const first = failure.message.split('\n')[0] ?? '';
    const outcome = failure.fixed_by ? `fixed by ${textWithCode(failure.fixed_by)}` : '**not fixed**';
    lines.push(`- ${code(failure.id)}: ${text(first)} — ${outcome}`);
  }
  return lines;
}

function renderTests(report: LoopReport): string[] {
  if (report.tests.length === 0) return [];
  const lines: string[] = [];
  const quarantined = report.tests.filter((test) => test.status === 'quarantined-bug-revealing');
  if (quarantined.length > 0) {
    lines.push('', '## Possible bugs found', '', 'These generated tests are well formed and deterministic, and fail every run against the current code. They are not committed: check whether the code or the test is wrong.');
    for (const test of quarantined) {
      const target = test.target ? `, target ${code(test.target)}` : '';
      lines.push('', `### ${text(test.name)}`, '', `In ${code(test.file)}${target}: ${text(test.reason)}`, '', fence(test.failure ?? test.reason));
    }
  }
  lines.push('', '## Generated tests', '', '| status | tests |', '| --- | ---: |');
  for (const { status, count } of countTestsByStatus(report.tests)) lines.push(`| ${status} | ${count} |`);
  lines.push('', '<details><summary>Every test</summary>', '', '| test | file | status | why |', '| --- | --- | --- | --- |');
  for (const test of report.tests) lines.push(`| ${cell(test.name)} | ${code(test.file, true)} | ${test.status} | ${cell(test.reason)} |`);
  lines.push('', '</details>');
  return lines;
}

function renderGuards(report: LoopReport): string[] {
  if (report.guards.length === 0) return [];
  const tripped = report.guards.filter((guard) => guard.tripped);
  const calm = report.guards.filter((guard) => !guard.tripped);
  const lines = ['', '## Guards', ''];
  for (const guard of tripped) lines.push(`> [!WARNING]`, `> **${guard.name} tripped:** ${text(guard.detail)}`, '');
  if (calm.length > 0) lines.push(`Not tripped: ${calm.map((guard) => guard.name).join(', ')}.`);
  return lines;
}

/** Pure: report.md for heal loop, GitHub-flavoured (it is also appended to $GITHUB_STEP_SUMMARY). */
export function renderLoopMarkdown(report: LoopReport): string {
  const lines = [...renderHeader(report)];
  lines.push('', '## Stages', '', '| # | stage | attempt | status | outcome | duration | commit | what it did |', '| ---: | --- | ---: | --- | --- | ---: | --- | --- |');
  lines.push(...report.stages.map(stageRow));
  lines.push(...renderCoverage(report), ...renderFailures(report), ...renderTests(report), ...renderGuards(report));
  if (report.usage.calls > 0) lines.push('', '## Model usage', '', describeUsage(report.usage));
  const branch = report.branch_name ? `${code(report.branch_name)} at ${sha(report.final_commit_sha)}` : 'No branch';
  lines.push('', '## Branch', '', `${branch}: ${describeMerge(report.merge)}.`);
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((note) => `- ${text(note)}`));
  return `${lines.join('\n')}\n`;
}
