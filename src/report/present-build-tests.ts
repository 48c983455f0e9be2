import { relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { CliIo } from '../cli.js';
import type { GeneratedTests } from '../artefacts/generated-tests.js';
import type { BuildTestsEvents, BuildTestsOutcome } from '../commands/build-tests.js';
import { EXIT, type ExitCode } from '../errors.js';
import { createStyle, shouldUseColor } from './style.js';

/** Tests kept and the suite green 0; nothing kept or the suite red 1; the model could not be used 3. */
export function exitCodeForBuildTests(report: GeneratedTests): ExitCode {
  if (report.commit_sha !== null && report.precheck === 'PASSED') return EXIT.ok;
  return report.model_error !== null ? EXIT.errored : EXIT.failed;
}

function renderSummary(report: GeneratedTests, style: ChalkInstance, files: { json: string; markdown: string }): string {
  const kept = report.counts.kept ?? 0;
  const color = report.commit_sha !== null && report.precheck === 'PASSED' ? style.green : style.red;
  const lines = [`${style.bold('heal build-tests')} ${color.bold(`${kept} of ${report.tests.length} test(s) kept`)} · precheck ${report.precheck} · ${report.engine} engine`];
  for (const [status, count] of Object.entries(report.counts)) if (count > 0 && status !== 'kept') lines.push(`  ${style.dim(status)} ${count}`);
  for (const record of report.tests.filter((test) => test.status === 'quarantined-bug-revealing')) {
    lines.push(`  ${style.yellow.bold('possible bug')} ${record.file} › ${record.name}: ${record.failure?.split('\n')[0] ?? record.reason}`);
  }
  for (const target of report.targets) {
    lines.push(`  ${target.id}: ${target.line_pct_before}% → ${target.line_pct_after === null ? '–' : `${target.line_pct_after}%`}`);
  }
  for (const note of report.notes) lines.push(style.dim(`note: ${note}`));
  if (report.branch_name && report.commit_sha) lines.push(`${style.bold('Branch')} ${report.branch_name} at ${report.commit_sha.slice(0, 8)} · merge with: git merge --ff-only ${report.branch_name}`);
  if (report.usage && report.usage.calls > 0) lines.push(`${style.bold('Model')} ${report.model} · ${report.usage.calls} call(s), ${report.usage.total_tokens} tokens, $${report.usage.cost_usd.toFixed(4)}`);
  lines.push(`${style.bold('Report')} ${files.json} · ${files.markdown}`);
  return `${lines.join('\n')}\n`;
}

/** Progress on stderr (silent with --json), then the summary or JSON on stdout. */
export function createBuildTestsPresenter(io: CliIo, json: boolean): { events: BuildTestsEvents; present(outcome: BuildTestsOutcome): ExitCode } {
  const style = createStyle(shouldUseColor(io.stdout, io.env, json));
  const events: BuildTestsEvents = json ? {} : { onPhase: (phase) => io.stderr.write(`heal: ${phase}\n`) };
  return {
    events,
    present(outcome) {
      const show = (file: string) => relative(io.cwd, file) || file;
      io.stdout.write(json ? `${JSON.stringify(outcome.report, null, 2)}\n` : renderSummary(outcome.report, style, { json: show(outcome.reportFile), markdown: show(outcome.markdownFile) }));
      return exitCodeForBuildTests(outcome.report);
    },
  };
}
