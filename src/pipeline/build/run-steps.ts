import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ProcessRunner, RunResult } from '../../adapters/process-runner.js';
import type { Findings, PlannedCommand, ToolDefinition } from '../../toolchains/types.js';
import type { PlanEntry } from './plan-build.js';
import { redactFiles } from './redact-files.js';

/** What happened to one planned step, before it is judged. */
export interface StepRun {
  entry: PlanEntry;
  /** The main command's result; null when the step did not run. */
  result: RunResult | null;
  /** Why the step did not run (skipped, missing tool, deadline), when it did not. */
  notRun: { status: 'SKIPPED' | 'ERRORED'; message: string } | null;
  findings: Findings;
  /** Log of the main command, absolute. */
  logFile: string | null;
  durationMs: number;
}

/** Progress callbacks, so that presenting stays out of the pipeline. */
export interface StepEvents {
  onStepStart?(entry: PlanEntry): void;
  onStepEnd?(run: StepRun): void;
}

export interface RunStepsOptions {
  steps: readonly PlanEntry[];
  /** Absolute dir the commands run in. */
  projectDir: string;
  /** Absolute folder for logs. */
  logDir: string;
  /** Milliseconds since the epoch after which nothing more runs and a running step is killed. */
  deadline: number;
  runner: ProcessRunner;
  /** Tool definitions by id, for parsing. */
  tools: ReadonlyMap<string, ToolDefinition>;
  events?: StepEvents;
  /** Folders outside `projectDir` the commands write their outputs to (bound writable in a sandbox). */
  writable?: readonly string[];
}

async function readOutputs(projectDir: string, commands: readonly PlannedCommand[]): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const command of commands) {
    for (const [name, path] of Object.entries(command.outputs ?? {})) {
      const text = await readFile(resolve(projectDir, path), 'utf8').catch(() => null);
      if (text !== null) files[name] = text;
    }
  }
  return files;
}

/** Writes the files a command needs (e.g. heal's node:test reporter module) before it runs. */
async function writeCommandFiles(projectDir: string, command: PlannedCommand): Promise<void> {
  for (const [path, contents] of Object.entries(command.writeFiles ?? {})) {
    const file = resolve(projectDir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
}

function notRun(entry: PlanEntry, status: 'SKIPPED' | 'ERRORED', message: string): StepRun {
  return { entry, result: null, notRun: { status, message }, findings: {}, logFile: null, durationMs: 0 };
}

async function runOne(entry: PlanEntry, options: RunStepsOptions, index: number): Promise<StepRun> {
  const { projectDir, runner } = options;
  const started = performance.now();
  const logFile = join(options.logDir, `${index + 1}-${entry.kind}-${entry.tool}.log`);
  const run = async (command: PlannedCommand, log: string) => {
    await writeCommandFiles(projectDir, command);
    return runner.run({
      command: command.command,
      cwd: projectDir,
      env: command.env,
      timeoutMs: Math.max(1, options.deadline - Date.now()),
      logFile: log,
      install: entry.kind === 'install',
      writable: options.writable,
    });
  };
  const result = await run(entry.main, logFile);
  await redactFiles([logFile]);
  if (result.outcome === 'exited') {
    for (const [afterIndex, after] of entry.after.entries()) {
      await run(after, logFile.replace(/\.log$/, `.after-${afterIndex + 1}.log`));
    }
  }
  const tool = options.tools.get(entry.tool);
  let findings: Findings = {};
  if (tool && result.outcome === 'exited') {
    findings = await tool.parse({
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      files: await readOutputs(projectDir, [entry.main, ...entry.after]),
      projectDir,
      readSource: (path) => readFile(resolve(projectDir, path), 'utf8').catch(() => null),
    });
  }
  return { entry, result, notRun: null, findings, logFile, durationMs: Math.round(performance.now() - started) };
}

function blocksRest(run: StepRun): string | null {
  if (run.result?.outcome === 'timed-out') return 'not run: the build timed out';
  const installBroken = run.entry.kind === 'install' && (run.notRun?.status === 'ERRORED' || (run.result && run.result.exitCode !== 0));
  return installBroken ? 'not run: installing dependencies failed' : null;
}

/** Runs the planned steps in order; after a timeout or a failed install the rest are skipped. */
export async function runSteps(options: RunStepsOptions): Promise<StepRun[]> {
  const runs: StepRun[] = [];
  let stopReason: string | null = null;
  for (const [index, entry] of options.steps.entries()) {
    options.events?.onStepStart?.(entry);
    let run: StepRun;
    if (stopReason) run = notRun(entry, 'SKIPPED', stopReason);
    else if (entry.skip) run = notRun(entry, 'SKIPPED', entry.skip);
    else if (entry.missing) run = notRun(entry, 'ERRORED', entry.missing);
    else if (Date.now() >= options.deadline) run = notRun(entry, 'SKIPPED', 'not run: the build timed out');
    else run = await runOne(entry, options, index);
    stopReason ??= blocksRest(run);
    runs.push(run);
    options.events?.onStepEnd?.(run);
  }
  return runs;
}
