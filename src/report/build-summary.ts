import type { ChalkInstance } from 'chalk';
import type { BuildReport, BuildStep, Diagnostic } from '../artefacts/build-report.js';

const MAX_LISTED = 10;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function statusColor(style: ChalkInstance, status: BuildReport['status'] | BuildStep['status']): ChalkInstance {
  if (status === 'PASSED') return style.green;
  if (status === 'FAILED') return style.red;
  if (status === 'ERRORED') return style.magenta;
  return style.dim;
}

const MARK: Record<BuildStep['status'], string> = { PASSED: '✓', FAILED: '✗', ERRORED: '!', SKIPPED: '-' };

/** One line per step: mark, kind, tool, duration or why it did not pass. */
export function renderStepLine(step: BuildStep, style: ChalkInstance): string {
  const color = statusColor(style, step.status);
  const detail = step.status === 'PASSED' ? seconds(step.duration_ms) : (step.message ?? step.status.toLowerCase());
  return `  ${color(MARK[step.status])} ${step.kind.padEnd(9)} ${step.tool.padEnd(9)} ${style.dim(detail)}`;
}

function listed<T>(title: string, items: readonly T[], render: (item: T) => string, style: ChalkInstance): string[] {
  if (items.length === 0) return [];
  const more = items.length > MAX_LISTED ? [style.dim(`  … and ${items.length - MAX_LISTED} more in the report`)] : [];
  return [style.bold(`${title} (${items.length})`), ...items.slice(0, MAX_LISTED).map(render), ...more];
}

function diagnosticLine(diagnostic: Diagnostic): string {
  return `  ${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.rule} ${diagnostic.message.split('\n')[0]}`;
}

/** The readable summary printed after `heal build` (without --json). */
export function renderBuildSummary(report: BuildReport, style: ChalkInstance, reportFile: string): string {
  const where = report.source === 'commit' ? 'commit' : `${report.branch_name ?? 'detached'}${report.is_dirty ? ', uncommitted changes' : ''}`;
  const head = `${style.bold('heal build')} ${statusColor(style, report.status).bold(report.status)} in ${seconds(report.duration_ms)} · ${report.commit_sha.slice(0, 8)} (${where})`;
  const lines = [head, ...report.steps.map((step) => renderStepLine(step, style))];
  if (report.reason && report.status !== 'PASSED') lines.push(`${style.bold('Reason')} ${report.reason}`);
  const { tests } = report;
  if (tests.total > 0) {
    lines.push(`${style.bold('Tests')} ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped`);
  }
  lines.push(
    ...listed('Failed tests', report.failed_tests, (test) => {
      const at = test.location ? ` ${style.dim(`${test.location.file}:${test.location.line}`)}` : '';
      const message = test.message.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 3).join(' ');
      return `  ${test.id}${at}\n    ${message}`;
    }, style),
    ...listed('Type errors', report.type_errors, diagnosticLine, style),
    ...listed('Lint errors', report.lint_errors, diagnosticLine, style),
  );
  const { coverage } = report;
  if (coverage) {
    const branches = coverage.branch_pct === null ? '' : ` · branches ${coverage.branch_pct}% (${coverage.branches.covered}/${coverage.branches.total})`;
    lines.push(`${style.bold('Coverage')} lines ${coverage.line_pct}% (${coverage.lines.covered}/${coverage.lines.total})${branches}`);
  }
  lines.push(`${style.bold('Report')} ${reportFile}`);
  if (report.artefact_path) lines.push(`${style.bold('Artefact')} ${report.artefact_path}`);
  return `${lines.join('\n')}\n`;
}
