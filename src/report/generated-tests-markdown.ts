import type { GeneratedTestRecord, GeneratedTests } from '../artefacts/generated-tests.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function fence(code: string, file: string): string {
  return [`\`\`\`${file.endsWith('.py') ? 'python' : file.endsWith('.ts') ? 'ts' : 'js'}`, code.trimEnd(), '```'].join('\n');
}

function row(record: GeneratedTestRecord): string {
  const gain = record.coverage_gain === null ? '–' : `+${record.coverage_gain}`;
  return `| ${cell(record.name)} | ${cell(record.file)} | ${record.status} | ${gain} | ${cell(record.reason)} |`;
}

/** Pure: generated_tests.md, the readable account: what was kept, what was dropped and why, possible bugs first. */
export function renderGeneratedTestsMarkdown(report: GeneratedTests): string {
  const kept = report.counts.kept ?? 0;
  const lines = [
    `# heal build-tests: ${kept} of ${report.tests.length} test(s) kept, precheck ${report.precheck}`,
    '',
    `Spec \`${report.spec_id}\` on \`${report.parent_commit_sha.slice(0, 12)}\`, ${report.engine} engine${report.model ? ` (${report.model})` : ''}, ${report.attempts} attempt(s).`,
    report.commit_sha ? `Committed on \`${report.branch_name}\` at \`${report.commit_sha.slice(0, 12)}\`: ${report.files.map((file) => `\`${file}\``).join(', ')} (+${report.patch_loc} lines).` : 'Nothing committed.',
  ];
  const quarantined = report.tests.filter((record) => record.status === 'quarantined-bug-revealing');
  if (quarantined.length > 0) {
    lines.push('', '## Possible bugs found', '', 'These tests are well formed and deterministic, and fail every run against the current code. They are not in the commit: check whether the code or the test is wrong.', '');
    for (const record of quarantined) lines.push(`### ${record.name} (\`${record.file}\`)`, '', `Failure: ${record.failure ?? record.reason}`, '', fence(record.code, record.file), '');
  }
  lines.push('', '## Coverage of the targets', '', '| target | before | after |', '| --- | --- | --- |');
  for (const target of report.targets) lines.push(`| ${cell(target.id)} | ${target.line_pct_before}% | ${target.line_pct_after === null ? '–' : `${target.line_pct_after}%`} |`);
  if (report.tests.length > 0) {
    lines.push('', '## Every test', '', '| test | file | status | new lines | why |', '| --- | --- | --- | --- | --- |', ...report.tests.map(row));
  }
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}
