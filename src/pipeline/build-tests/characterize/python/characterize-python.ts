import { resolve } from 'node:path';
import type { ProcessRunner } from '../../../../adapters/process-runner.js';
import type { CharacterizeOutcome, CharacterizeTarget, GeneratedFile, TestStyle } from '../../types.js';
import type { TargetObservation } from './observations.js';
import { renderPytestFile, type PytestTarget } from './render-pytest.js';
import { runCharacterizeScript } from './run-characterize-script.js';

/** What the Python characterization engine needs to know about the repository and its targets. */
export interface CharacterizePythonInput {
  /** Absolute path of heal's worktree. */
  repoRoot: string;
  /** Project dir relative to repoRoot. */
  project: string;
  /** Paths repository-relative. */
  targets: readonly CharacterizeTarget[];
  /** Framework 'pytest'. */
  style: TestStyle;
  /** Repository-relative path of the heal test file for a source. */
  testFileFor(sourcePath: string): string;
  /** The dotted module the tests import ("shipping.rates"). */
  moduleFor(sourcePath: string): string;
  /** Absolute folders to put on sys.path (project dir, "src", pytest `pythonpath`). */
  importRoots: readonly string[];
  /** The interpreter. */
  python: string;
  /** Absolute folder for the request/result files and the child's cwd/HOME. */
  scratchDir: string;
}

type Skipped = CharacterizeOutcome['skipped'][number];

function compareTargets(left: CharacterizeTarget, right: CharacterizeTarget): number {
  if (left.path !== right.path) return left.path < right.path ? -1 : 1;
  if (left.lineRange[0] !== right.lineRange[0]) return left.lineRange[0] - right.lineRange[0];
  return left.symbol < right.symbol ? -1 : left.symbol > right.symbol ? 1 : 0;
}

function toOneLine(reason: string): string {
  const line = reason.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Groups the targets by source file, keeping their order. */
function groupByPath(targets: readonly CharacterizeTarget[]): Map<string, CharacterizeTarget[]> {
  const groups = new Map<string, CharacterizeTarget[]>();
  for (const target of targets) groups.set(target.path, [...(groups.get(target.path) ?? []), target]);
  return groups;
}

/** Pure: one test file per source file from the script's observations, and the targets it could not test. */
export function assembleOutcome(
  input: Pick<CharacterizePythonInput, 'testFileFor' | 'moduleFor'>,
  targets: readonly CharacterizeTarget[],
  observed: ReadonlyMap<string, TargetObservation>,
): CharacterizeOutcome {
  const files: GeneratedFile[] = [];
  const skipped: Skipped[] = [];
  const takenBy = new Map<string, string>();
  for (const [path, group] of groupByPath(targets)) {
    const testPath = input.testFileFor(path);
    const owner = takenBy.get(testPath);
    const ready: PytestTarget[] = [];
    for (const target of group) {
      const observation = observed.get(target.id) ?? { id: target.id, status: 'skipped', reason: 'the characterization script did not report it' };
      if (owner !== undefined) skipped.push({ targetId: target.id, reason: `its test file ${testPath} already holds the tests of ${owner}` });
      else if (observation.status === 'skipped') skipped.push({ targetId: target.id, reason: toOneLine(observation.reason) });
      else ready.push({ targetId: target.id, symbol: target.symbol, isAsync: observation.isAsync, calls: observation.calls });
    }
    const rendered = ready.length > 0 ? renderPytestFile({ module: input.moduleFor(path), targets: ready }) : null;
    const tested = new Set(rendered?.tests.map((test) => test.targetId));
    for (const target of ready) {
      if (!tested.has(target.targetId)) skipped.push({ targetId: target.targetId, reason: 'no observed call could be written without clashing imports' });
    }
    if (rendered) {
      takenBy.set(testPath, path);
      files.push({ path: testPath, text: rendered.text, tests: rendered.tests });
    }
  }
  return { files, skipped };
}

/**
 * Builtin characterization tests for Python functions: runs the characterization script on the
 * targets (one process, 60 s), then renders one pytest file per source file from the calls whose
 * outcome was stable. Targets it cannot call safely or pin down land in `skipped` with a reason.
 */
export async function characterizePython(input: CharacterizePythonInput, deps: { runner: ProcessRunner }): Promise<CharacterizeOutcome> {
  const targets = [...new Map(input.targets.map((target) => [target.id, target])).values()].sort(compareTargets);
  if (input.style.framework !== 'pytest') {
    return { files: [], skipped: targets.map((target) => ({ targetId: target.id, reason: `Python tests are written for pytest, not ${input.style.framework}` })) };
  }
  const scriptTargets = targets.map((target) => ({
    id: target.id,
    module: input.moduleFor(target.path),
    function: target.symbol,
    file: resolve(input.repoRoot, target.path),
  }));
  const observed = await runCharacterizeScript(scriptTargets, input, deps.runner);
  return assembleOutcome(input, targets, observed);
}
