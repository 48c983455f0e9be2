import { relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { CliIo } from '../cli.js';
import type { FixAttempt, FixReport } from '../artefacts/fix-report.js';
import type { FixEvents, FixOutcome } from '../commands/fix.js';
import { EXIT, type ExitCode } from '../errors.js';
import { createStyle, shouldUseColor } from './style.js';

/** FIXED 0; PARTIAL and UNFIXED 1; the model could not be used (error, budget) 3; cancelled 130. */
export function exitCodeForFix(report: FixReport): ExitCode {
  if (report.status === 'FIXED') return EXIT.ok;
  if (report.stop_reason === 'cancelled') return EXIT.interrupted;
  return report.stop_reason === 'model-error' || report.stop_reason === 'budget' ? EXIT.errored : EXIT.failed;
}

function describeAttempt(attempt: FixAttempt): string {
  const why = attempt.validation.ok ? '' : ` · ${attempt.validation.rule}: ${attempt.validation.message}`;
  const fixed = attempt.fixed.length > 0 ? ` · fixed ${attempt.fixed.length}` : '';
  return `${attempt.strategy} ${attempt.rule}: ${attempt.description} → ${attempt.result}${fixed}${why}`;
}

function renderSummary(report: FixReport, style: ChalkInstance, files: { json: string; markdown: string }): string {
  const color = report.status === 'FIXED' ? style.green : report.status === 'PARTIAL' ? style.yellow : style.red;
  const lines = [`${style.bold('heal fix')} ${color.bold(report.status)} (${report.stop_reason}) · ${report.failures_before.length} → ${report.failures_after.length} failure(s) · base ${report.base_commit_sha.slice(0, 8)}`];
  for (const attempt of report.iterations.flatMap((iteration) => iteration.fixes).filter((fix) => fix.result === 'applied')) {
    lines.push(`  ${style.green('fixed')} ${attempt.description} (${attempt.strategy})`);
  }
  for (const failure of report.failures_after) lines.push(`  ${style.red('still red')} ${failure.id}`);
  for (const note of report.notes) lines.push(style.dim(`note: ${note}`));
  if (report.branch_name && report.commit_sha) {
    lines.push(`${style.bold('Branch')} ${report.branch_name} at ${report.commit_sha.slice(0, 8)}${report.applied_to_worktree ? ' (also applied to your working tree)' : ` · merge with: git merge --ff-only ${report.branch_name}`}`);
  }
  if (report.usage.calls > 0) lines.push(`${style.bold('Model')} ${report.model} · ${report.usage.calls} call(s), ${report.usage.total_tokens} tokens, $${report.usage.cost_usd.toFixed(4)}`);
  lines.push(`${style.bold('Report')} ${files.json} · ${files.markdown}`);
  return `${lines.join('\n')}\n`;
}

/** Progress on stderr (silent with --json), then the summary or JSON on stdout. */
export function createFixPresenter(io: CliIo, json: boolean): { events: FixEvents; present(outcome: FixOutcome): ExitCode } {
  const style = createStyle(shouldUseColor(io.stdout, io.env, json));
  const events: FixEvents = json ? {} : { onPhase: (phase) => io.stderr.write(`heal: ${phase}\n`), onAttempt: (attempt) => io.stderr.write(`heal: ${describeAttempt(attempt)}\n`) };
  return {
    events,
    present(outcome) {
      const show = (file: string) => relative(io.cwd, file) || file;
      io.stdout.write(json ? `${JSON.stringify(outcome.report, null, 2)}\n` : renderSummary(outcome.report, style, { json: show(outcome.reportFile), markdown: show(outcome.markdownFile) }));
      return exitCodeForFix(outcome.report);
    },
  };
}
