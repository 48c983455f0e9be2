import { relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { Ora } from 'ora';
import type { CliIo } from '../cli.js';
import type { LoopReport } from '../artefacts/loop-report.js';
import type { LoopStatus, StageRun } from '../artefacts/loop-state.js';
import type { LoopEvents, LoopOutcome } from '../commands/loop.js';
import { EXIT, type ExitCode } from '../errors.js';
import { createStyle, shouldSpin, shouldUseColor } from './style.js';

/** DONE 0; FAILED 1; ERRORED 3; INTERRUPTED 130. */
export function exitCodeForLoop(status: LoopStatus): ExitCode {
  if (status === 'DONE') return EXIT.ok;
  if (status === 'INTERRUPTED') return EXIT.interrupted;
  return status === 'FAILED' ? EXIT.failed : EXIT.errored;
}

const LABELS: Record<StageRun['stage'], string> = { code: 'code', 'build-1': 'build 1', fix: 'fix', 'plan-tests': 'plan-tests', 'build-tests': 'build-tests', 'build-2': 'build 2' };

function stageLabel(run: StageRun): string {
  return `[${run.number}] ${LABELS[run.stage]}${run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}`;
}

function seconds(ms: number | null): string {
  return `${((ms ?? 0) / 1000).toFixed(1)} s`;
}

function pct(value: number | null): string {
  return value === null ? '–' : `${value}%`;
}

function renderSummary(report: LoopReport, style: ChalkInstance, show: (file: string) => string, files: { json: string; markdown: string; html: string }): string {
  const color = report.status === 'DONE' ? style.green : report.status === 'INTERRUPTED' ? style.yellow : style.red;
  const lines = [`${style.bold('heal loop')} ${color.bold(report.status)} (${report.stop_reason ?? 'running'}) · ${report.summary}`];
  lines.push(`  stages      ${report.stages.map((run) => `${LABELS[run.stage]} ${run.outcome ?? run.status}`).join(' → ') || 'none'}`);
  lines.push(`  coverage    ${pct(report.coverage.before)} → ${pct(report.coverage.after)}`);
  const quarantined = report.tests.filter((test) => test.status === 'quarantined-bug-revealing').length;
  lines.push(`  tests added ${report.tests_added}${quarantined > 0 ? style.yellow(` · ${quarantined} quarantined as possible bugs (see the report)`) : ''}`);
  lines.push(`  fixes       ${report.fixes_applied}`);
  if (report.usage.calls > 0) lines.push(`  model       ${report.model} · ${report.usage.calls} call(s), ${report.usage.total_tokens} tokens, $${report.usage.cost_usd.toFixed(4)}`);
  for (const guard of report.guards.filter((entry) => entry.tripped)) lines.push(style.red(`  guard       ${guard.name}: ${guard.detail}`));
  for (const note of report.notes) lines.push(style.dim(`note: ${note}`));
  if (report.branch_name) {
    const merged = report.merge === 'merged' ? ' (merged into your branch)' : ` · merge with: git merge --ff-only ${report.branch_name}`;
    lines.push(`${style.bold('Branch')} ${report.branch_name} at ${report.final_commit_sha.slice(0, 8)}${merged}`);
  }
  lines.push(`${style.bold('Reports')} ${show(files.html)} · ${show(files.markdown)} · ${show(files.json)}`);
  if (report.status === 'INTERRUPTED') {
    lines.push(style.yellow(`Resume with: heal loop --resume ${report.run_id}   ·   or throw the run away with: heal clean ${report.run_id}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Stage progress on stderr (a spinner per stage on a TTY, plain lines otherwise; silent with --json), then the summary or JSON on stdout. */
export async function createLoopPresenter(io: CliIo, json: boolean): Promise<{ events: LoopEvents; present(outcome: LoopOutcome): ExitCode }> {
  const style = createStyle(shouldUseColor(io.stdout, io.env, json));
  const errStyle = createStyle(shouldUseColor(io.stderr, io.env, json));
  const spinner = !json && shouldSpin(io.stderr, io.env);
  const ora = spinner ? (await import('ora')).default : null;
  let current: Ora | null = null;
  let label = '';
  const write = (text: string) => io.stderr.write(`heal: ${text}\n`);
  const events: LoopEvents = json
    ? {}
    : {
        onRunStart(state, runDir) {
          const what = state.goal ? `goal: ${state.goal.split('\n')[0]}` : `healing ${state.base_ref ?? 'HEAD'} at ${state.base_sha.slice(0, 8)}`;
          write(`loop ${state.run_id} · ${what} · ${state.engine} engine · run folder ${relative(io.cwd, runDir) || runDir}`);
        },
        onStageStart(run) {
          label = stageLabel(run);
          if (ora) current = ora({ text: label, stream: io.stderr, isEnabled: true }).start();
          else write(`${label} …`);
        },
        onPhase(phase) {
          if (current) current.text = `${label} ${errStyle.dim(phase)}`;
          else write(`  ${phase}`);
        },
        onWait(stage, secs) {
          const text = `waiting ${secs} s before retrying ${stage} (back-off; --no-wait skips it)`;
          if (current) current.text = `${label} ${errStyle.dim(text)}`;
          else write(`  ${text}`);
        },
        steps: spinner
          ? {
              onStepStart(entry) {
                if (current) current.text = `${label} ${errStyle.dim(`${entry.kind} (${entry.tool})`)}`;
              },
            }
          : undefined,
        onStageEnd(run) {
          const text = `${stageLabel(run)} ${run.outcome ?? run.status} · ${run.summary} ${errStyle.dim(seconds(run.duration_ms))}`;
          if (current) {
            if (run.status === 'succeeded') current.succeed(text);
            else if (run.status === 'interrupted') current.warn(text);
            else current.fail(text);
            current = null;
          } else write(text);
        },
      };
  return {
    events,
    present(outcome) {
      const show = (file: string) => relative(io.cwd, file) || file;
      io.stdout.write(json ? `${JSON.stringify(outcome.report, null, 2)}\n` : renderSummary(outcome.report, style, show, outcome.files));
      return exitCodeForLoop(outcome.report.status);
    },
  };
}
