import type { FixAttempt, FixReport } from '../artefacts/fix-report.js';

function fence(text: string): string {
  return ['```diff', text.trimEnd(), '```'].join('\n');
}

function describeAttempt(attempt: FixAttempt): string {
  const why = attempt.validation.ok ? '' : ` (${attempt.validation.rule}: ${attempt.validation.message})`;
  const broke = attempt.new_failures.length > 0 ? ` (broke ${attempt.new_failures.map((failure) => failure.id).slice(0, 3).join(', ')})` : '';
  return `| ${attempt.strategy} | ${attempt.rule} | ${attempt.description.replaceAll('|', '\\|')} | ${attempt.result}${why}${broke} |`;
}

/** Pure: fix_report.md, the readable account: failures, root causes, fixes, and what is still red. */
export function renderFixMarkdown(report: FixReport): string {
  const lines = [
    `# heal fix: ${report.status} (${report.stop_reason})`,
    '',
    `Base commit \`${report.base_commit_sha.slice(0, 12)}\`${report.branch_name ? `; fixes committed on \`${report.branch_name}\` at \`${report.commit_sha?.slice(0, 12)}\`` : '; nothing committed'}${report.applied_to_worktree ? ', and applied to the working tree' : ''}.`,
    `Failures: ${report.failures_before.length} before, ${report.failures_after.length} after, in ${report.iterations.length} round(s).`,
  ];
  if (report.coverage_before || report.coverage_after) {
    lines.push(`Line coverage: ${report.coverage_before?.line_pct ?? '–'}% → ${report.coverage_after?.line_pct ?? '–'}%.`);
  }
  const first = report.iterations[0];
  if (first && first.analyses.length > 0) {
    lines.push('', '## Failures and root causes', '');
    for (const analysis of first.analyses) {
      const where = analysis.location ? ` at \`${analysis.location.file}:${analysis.location.line}\`` : '';
      lines.push(`- **${analysis.failure_id}** (${analysis.category}${where}, confidence ${analysis.confidence}): ${analysis.root_cause} Suggested: ${analysis.suggested_fix}`);
    }
  }
  const applied = report.iterations.flatMap((iteration) => iteration.fixes).filter((attempt) => attempt.result === 'applied');
  if (applied.length > 0) {
    lines.push('', '## Fixes applied', '');
    for (const attempt of applied) {
      lines.push(`### ${attempt.description}`, '', `${attempt.engine} · ${attempt.strategy} · ${attempt.rule} · risk ${attempt.risk ?? 'n/a'} · fixed ${attempt.fixed.join(', ')}`, '', fence(attempt.diff), '');
    }
  }
  const tried = report.iterations.flatMap((iteration) => iteration.fixes);
  if (tried.length > applied.length) {
    lines.push('', '## Every candidate tried', '', '| rung | rule | change | result |', '| --- | --- | --- | --- |', ...tried.map(describeAttempt));
  }
  lines.push('', '## Still red', '');
  if (report.failures_after.length === 0) lines.push('Nothing: the build is green.');
  for (const failure of report.failures_after) lines.push(`- ${failure.kind} \`${failure.id}\`: ${failure.message.split('\n')[0]}`);
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}
