import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { ProcessRunner, RunResult } from '../../../../adapters/process-runner.js';
import { CHARACTERIZE_SCRIPT } from './characterize-script.js';
import { readCharacterizeResult, type TargetObservation } from './observations.js';

const SCRIPT_TIMEOUT_MS = 60_000;
/** A run that hangs or dies on one target is retried for the targets after it, this many runs in all. */
const MAX_RUNS = 3;

/** One function for the script: the module to import it from and its source file. */
export interface ScriptTarget {
  id: string;
  module: string;
  function: string;
  /** Absolute path of the source file. */
  file: string;
}

/** How to run the script: the interpreter, its import roots and a folder for its files. */
export interface ScriptRunOptions {
  python: string;
  /** Absolute folders joined into PYTHONPATH. */
  importRoots: readonly string[];
  scratchDir: string;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

function describeFailure(run: RunResult, python: string): string {
  if (run.outcome === 'not-found') return `the Python interpreter ${python} was not found`;
  if (run.outcome === 'timed-out') return `characterization timed out after ${SCRIPT_TIMEOUT_MS / 1000} s`;
  const detail = lastLine(run.stderr);
  return `the characterization script exited with code ${run.exitCode ?? '?'}${detail ? `: ${detail}` : ''}`;
}

async function runOnce(targets: readonly ScriptTarget[], options: ScriptRunOptions, runner: ProcessRunner) {
  await mkdir(options.scratchDir, { recursive: true });
  const dir = await mkdtemp(join(options.scratchDir, 'characterize-py-'));
  const home = join(dir, 'home');
  await mkdir(home);
  const request = join(dir, 'request.json');
  const result = join(dir, 'result.json');
  await writeFile(request, JSON.stringify({ version: 1, targets }, null, 1));
  const run = await runner.run({
    command: { argv: [options.python, '-c', CHARACTERIZE_SCRIPT, request, result] },
    cwd: home,
    env: {
      HOME: home,
      PYTHONPATH: options.importRoots.join(delimiter),
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONHASHSEED: '0',
      NO_COLOR: '1',
    },
    timeoutMs: SCRIPT_TIMEOUT_MS,
    writable: [dir],
  });
  const parsed = readCharacterizeResult(await readFile(result, 'utf8').catch(() => undefined));
  return { run, parsed };
}

/**
 * Runs the characterization script and returns one observation per target. When a run stops early
 * (killed at its deadline, or the code under test ended the process), the target it was on is
 * skipped and the script runs again for the targets after it.
 */
export async function runCharacterizeScript(
  targets: readonly ScriptTarget[],
  options: ScriptRunOptions,
  runner: ProcessRunner,
): Promise<Map<string, TargetObservation>> {
  const observed = new Map<string, TargetObservation>();
  let pending = [...targets];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const { run, parsed } = await runOnce(pending, options, runner);
    for (const target of parsed?.targets ?? []) observed.set(target.id, target);
    const failure = run.outcome === 'exited' && run.exitCode === 0 ? 'the characterization script stopped early' : describeFailure(run, options.python);
    const stuck = parsed?.running ?? null;
    if (stuck !== null) observed.set(stuck, { id: stuck, status: 'skipped', reason: failure });
    pending = pending.filter((target) => !observed.has(target.id));
    if (stuck === null || attempt === MAX_RUNS) {
      for (const target of pending) observed.set(target.id, { id: target.id, status: 'skipped', reason: failure });
      pending = [];
    }
  }
  return observed;
}
