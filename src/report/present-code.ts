import { relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { CliIo } from '../cli.js';
import type { Attempt, CommitResult } from '../artefacts/commit-result.js';
import type { CodeEvents, CodeOutcome } from '../commands/code.js';
import { EXIT, type ExitCode } from '../errors.js';
import { createStyle, shouldUseColor } from './style.js';

function describeAttempt(attempt: Attempt): string {
  const stats = attempt.stats ? ` (${attempt.stats.files} file(s), +${attempt.stats.added} -${attempt.stats.removed})` : '';
  const why =
    attempt.rejections.map((r) => `${r.path ?? '(patch)'}: ${r.rule}`).join('; ') ||
    attempt.new_failures.map((f) => f.id).slice(0, 3).join('; ') ||
    attempt.hunk_failures.map((h) => h.split('\n')[0]).slice(0, 2).join('; ');
  return `attempt ${attempt.number}: ${attempt.result}${stats}${why ? ` · ${why}` : ''}`;
}

/** SUCCESS 0; SOFT_FAIL and an unusable patch 1; the model could not be used (error, budget) 3. */
export function exitCodeForCommit(result: CommitResult): ExitCode {
  if (result.status === 'SUCCESS') return EXIT.ok;
  if (result.stop_reason === 'cancelled') return EXIT.interrupted;
  return result.stop_reason === 'model-error' || result.stop_reason === 'budget' ? EXIT.errored : EXIT.failed;
}

function renderSummary(result: CommitResult, style: ChalkInstance, file: string): string {
  const color = result.status === 'SUCCESS' ? style.green : result.status === 'SOFT_FAIL' ? style.yellow : style.red;
  const lines = [`${style.bold('heal code')} ${color.bold(result.status)} (${result.stop_reason}) · task ${result.task_id} · base ${result.base_commit_sha.slice(0, 8)}`];
  for (const attempt of result.attempts) lines.push(`  ${describeAttempt(attempt)}`);
  for (const note of result.notes) lines.push(style.dim(`note: ${note}`));
  if (result.branch_name && result.commit_sha) lines.push(`${style.bold('Branch')} ${result.branch_name} at ${result.commit_sha.slice(0, 8)}${result.pushed_to ? `, pushed to ${result.pushed_to}` : ''}`);
  if (result.usage.calls > 0) lines.push(`${style.bold('Model')} ${result.model} · ${result.usage.calls} call(s), ${result.usage.total_tokens} tokens, $${result.usage.cost_usd.toFixed(4)}`);
  lines.push(`${style.bold('Result')} ${file}`);
  return `${lines.join('\n')}\n`;
}

/** Progress on stderr (silent with --json), then the summary or JSON on stdout. */
export function createCodePresenter(io: CliIo, json: boolean): { events: CodeEvents; present(outcome: CodeOutcome): ExitCode } {
  const style = createStyle(shouldUseColor(io.stdout, io.env, json));
  const events: CodeEvents = json ? {} : { onPhase: (phase) => io.stderr.write(`heal: ${phase}\n`), onAttempt: (attempt) => io.stderr.write(`heal: ${describeAttempt(attempt)}\n`) };
  return {
    events,
    present(outcome) {
      const file = relative(io.cwd, outcome.resultFile) || outcome.resultFile;
      io.stdout.write(json ? `${JSON.stringify(outcome.result, null, 2)}\n` : renderSummary(outcome.result, style, file));
      return exitCodeForCommit(outcome.result);
    },
  };
}
