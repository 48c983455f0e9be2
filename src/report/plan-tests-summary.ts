import type { ChalkInstance } from 'chalk';
import type { Priority, TestSpec } from '../artefacts/testspec.js';

function priorityColor(style: ChalkInstance, priority: Priority): ChalkInstance {
  if (priority === 'high') return style.red;
  return priority === 'medium' ? style.yellow : style.dim;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd());
}

/** The readable summary printed after `heal plan-tests` (without --json): one row per target. */
export function renderPlanTestsSummary(spec: TestSpec, style: ChalkInstance, specFile: string, durationMs: number): string {
  const head = `${style.bold('heal plan-tests')} ${spec.targets.length} target${spec.targets.length === 1 ? '' : 's'}, ${spec.cases.length} case${spec.cases.length === 1 ? '' : 's'} in ${durationMs} ms · ${spec.parent_commit_sha.slice(0, 8)} · min ${spec.min_line_coverage}% lines · ${spec.engine}${spec.usage ? ` (${spec.usage.calls} call(s), ${spec.usage.total_tokens} tokens)` : ''}`;
  const lines = [head];
  if (spec.targets.length === 0) {
    lines.push(`  ${spec.rationale_md.trim()}`);
  } else {
    const rows = [['#', 'target', 'priority', 'lines', 'uncovered', 'cases', 'why']];
    spec.targets.forEach((target, index) => {
      const kinds = spec.cases.filter((testCase) => testCase.target_path === target.path && testCase.target_symbol === target.symbol).map((testCase) => testCase.kind);
      rows.push([
        String(index + 1),
        target.id,
        target.priority,
        target.measured ? `${target.line_pct}%` : 'untested',
        String(target.uncovered_lines.length),
        kinds.join(','),
        target.risks.join(', '),
      ]);
    });
    const rendered = table(rows);
    lines.push(style.bold(rendered[0] ?? ''));
    rendered.slice(1).forEach((line, index) => {
      const target = spec.targets[index];
      lines.push(target ? line.replace(` ${target.priority} `, ` ${priorityColor(style, target.priority)(target.priority)} `) : line);
    });
  }
  for (const note of spec.notes) lines.push(style.dim(`note: ${note}`));
  lines.push(`${style.bold('Spec')} ${specFile} · ~${spec.estimated_tokens} tokens to write`);
  return `${lines.join('\n')}\n`;
}
