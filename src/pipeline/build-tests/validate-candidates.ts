import { posix } from 'node:path';
import type { GeneratedTestRecord } from '../../artefacts/generated-tests.js';
import type { FocusedRun, FocusedRunner } from '../fix/localise/run-focused.js';
import { claimLines, gainedLines, readExecutedLines, type LineMap } from './coverage-gain.js';
import { judgeCoverage, judgeStability, type RunOutcome, type StabilityVerdict } from './judge-test.js';
import { findNondeterminism, findUndefinedFixtures } from './static-checks.js';
import { extractTestBlock, removeTestBlocks } from './test-blocks.js';
import { checkTestPath } from './test-paths.js';
import { pruneUnusedImports } from './prune-imports.js';
import type { GeneratedFile, GeneratedTest, TestStyle } from './types.js';

/** How many times in a row a test must pass to count as reliable. */
export const STABILITY_RUNS = 3;

/** A proposed test file, with who wrote it and what the file held before (null: it is new). */
export interface ProposedFile extends GeneratedFile {
  engine: 'builtin' | 'model';
  attempt: number;
  before: string | null;
}

/** The worktree as validation sees it. */
export interface CandidateWorkspace {
  repoRoot: string;
  /** Project dir relative to the repository root. */
  project: string;
  projectDir: string;
  focused: FocusedRunner;
  /** Writes a repository-relative file; null deletes it. */
  write(path: string, text: string | null): Promise<void>;
}

export interface ValidateCandidatesOptions {
  files: readonly ProposedFile[];
  style: TestStyle;
  /** pytest fixtures the repository defines (conftest.py files) plus pytest's own. */
  fixtures: ReadonlySet<string>;
  /** Coverage targets by id, to limit each test's gain to its own target. */
  targets: ReadonlyMap<string, { path: string; lineRange: readonly [number, number] }>;
  /** Target lines nothing covers yet; kept tests claim theirs (mutated). */
  open: LineMap;
  events?: { onPhase?(phase: string): void };
}

/** What validation decided, and each file's text as it should stay in the worktree (kept tests only). */
export interface ValidatedCandidates {
  records: GeneratedTestRecord[];
  files: Array<{ path: string; before: string | null; text: string | null }>;
}

export type TestLanguage = 'js' | 'ts' | 'py';

export function languageOf(path: string): TestLanguage {
  return path.endsWith('.py') ? 'py' : /\.[cm]?tsx?$/.test(path) ? 'ts' : 'js';
}

interface Pending {
  file: ProposedFile;
  test: GeneratedTest;
  code: string;
  verdict: StabilityVerdict;
  runs: RunOutcome[];
}

const keyOf = (file: string, name: string) => `${file}::${name}`;

/** A test file without the dropped tests, nor the imports only they used. */
export async function keepOnly(text: string, dropped: ReadonlySet<string>, language: TestLanguage): Promise<string> {
  return dropped.size === 0 ? text : pruneUnusedImports(await removeTestBlocks(text, dropped, language), language);
}

/** Each test's outcome per stability run, keyed by "<project-relative file>::<name>". */
function collectRuns(runs: readonly FocusedRun[]): Map<string, RunOutcome[]> {
  const byTest = new Map<string, RunOutcome[]>();
  runs.forEach((run, index) => {
    for (const result of run.results) {
      const key = keyOf(result.ref.file, result.ref.name);
      const outcomes = byTest.get(key) ?? [];
      while (outcomes.length < index) outcomes.push({ outcome: 'missing', message: null });
      outcomes.push({ outcome: result.passed ? 'passed' : 'failed', message: result.message });
      byTest.set(key, outcomes);
    }
  });
  return byTest;
}

/**
 * Validates proposed tests, each on its own: allowed path, defined fixtures, listed by the runner,
 * passing STABILITY_RUNS runs in a row, covering a target line nothing covered before. Leaves only
 * the kept tests in the worktree; one bad test never discards the others.
 */
export async function validateCandidates(options: ValidateCandidatesOptions, workspace: CandidateWorkspace): Promise<ValidatedCandidates> {
  const toProject = (path: string) => posix.relative(workspace.project === '.' ? '' : workspace.project, path);
  const pending: Pending[] = [];
  const runnable: ProposedFile[] = [];
  for (const file of options.files) {
    const language = languageOf(file.path);
    const pathProblem = checkTestPath(toProject(file.path), options.style);
    const undefinedFixtures = language === 'py' && pathProblem === null ? new Map(findUndefinedFixtures(file.text, options.fixtures).map((entry) => [entry.test, entry.fixtures])) : new Map<string, string[]>();
    const staticDrops = new Set<string>();
    for (const test of file.tests) {
      const code = (await extractTestBlock(file.text, test.name, language)) ?? '';
      const fixtures = undefinedFixtures.get(test.name) ?? [];
      if (pathProblem !== null || fixtures.length > 0) {
        staticDrops.add(test.name);
        pending.push({ file, test, code, runs: [], verdict: judgeStability({ pathProblem, undefinedFixtures: fixtures, runs: [], fileError: null, nondeterminism: null }) });
      } else pending.push({ file, test, code, runs: [], verdict: { status: 'stable' } });
    }
    if (pathProblem !== null || staticDrops.size === file.tests.length) continue;
    const text = staticDrops.size === 0 ? file.text : await removeTestBlocks(file.text, staticDrops, language);
    runnable.push({ ...file, text });
    await workspace.write(file.path, text);
  }
  const runs: FocusedRun[] = [];
  if (runnable.length > 0) {
    const refs = runnable.map((file) => ({ file: toProject(file.path), name: '' }));
    for (let run = 1; run <= STABILITY_RUNS; run++) {
      options.events?.onPhase?.(`stability run ${run} of ${STABILITY_RUNS}: ${runnable.length} file(s)`);
      runs.push(await workspace.focused.run(refs, { names: false, coverage: false }));
    }
  }
  const outcomes = collectRuns(runs);
  const fileError = runs.find((run) => run.error !== null)?.error ?? null;
  for (const entry of pending) {
    if (entry.verdict.status !== 'stable') continue;
    const found = outcomes.get(keyOf(toProject(entry.file.path), entry.test.name)) ?? [];
    entry.runs = [...found, ...Array.from({ length: STABILITY_RUNS - found.length }, (): RunOutcome => ({ outcome: 'missing', message: null }))];
    const nondeterminism = findNondeterminism(entry.code, entry.file.text, languageOf(entry.file.path));
    entry.verdict = judgeStability({ pathProblem: null, undefinedFixtures: [], runs: found.length === 0 ? [] : entry.runs, fileError, nondeterminism });
  }
  /** One test run with coverage: by name where the runner can, else from a copy of its file holding only it. */
  const runAlone = async (entry: Pending, text: string): Promise<FocusedRun> => {
    const ref = { file: toProject(entry.file.path), name: entry.test.name };
    if (workspace.focused.canNameTests) return workspace.focused.run([ref], { names: true, coverage: true });
    const others = new Set(entry.file.tests.map((test) => test.name).filter((name) => name !== entry.test.name));
    await workspace.write(entry.file.path, await removeTestBlocks(text, others, languageOf(entry.file.path)));
    try {
      return await workspace.focused.run([ref], { names: false, coverage: true });
    } finally {
      await workspace.write(entry.file.path, text);
    }
  };
  const records: GeneratedTestRecord[] = [];
  for (const entry of pending) {
    const base = {
      id: keyOf(entry.file.path, entry.test.name),
      file: entry.file.path,
      name: entry.test.name,
      case: entry.test.caseName,
      target: entry.test.targetId,
      engine: entry.file.engine,
      attempt: entry.file.attempt,
      runs: entry.runs.map((run) => run.outcome),
      code: entry.code,
    };
    if (entry.verdict.status !== 'stable') {
      records.push({ ...base, status: entry.verdict.status, reason: entry.verdict.reason, failure: entry.verdict.failure, coverage_gain: null, new_lines: {} });
      continue;
    }
    options.events?.onPhase?.(`measuring coverage of ${entry.test.name}`);
    const run = await runAlone(entry, runnable.find((file) => file.path === entry.file.path)?.text ?? entry.file.text);
    const covered = run.coverage === null ? null : readExecutedLines(run.coverage, workspace.projectDir, workspace.repoRoot);
    if (covered === null) {
      records.push({ ...base, status: 'dropped-no-coverage', reason: `its coverage could not be measured: ${run.error ?? 'the runner wrote no coverage report'}`, failure: null, coverage_gain: null, new_lines: {} });
      continue;
    }
    const target = entry.test.targetId === null ? null : (options.targets.get(entry.test.targetId) ?? null);
    const gained = gainedLines(covered, options.open, target);
    const gain = [...gained.values()].reduce((sum, lines) => sum + lines.length, 0);
    const verdict = judgeCoverage(gain);
    if (verdict.status === 'kept') claimLines(options.open, gained);
    records.push({ ...base, status: verdict.status, reason: verdict.reason, failure: null, coverage_gain: gain, new_lines: Object.fromEntries(gained) });
  }
  const files: ValidatedCandidates['files'] = [];
  for (const file of runnable) {
    const dropped = new Set(records.filter((record) => record.file === file.path && record.status !== 'kept').map((record) => record.name));
    const keptAny = file.tests.some((test) => !dropped.has(test.name));
    const text = keptAny ? await keepOnly(file.text, dropped, languageOf(file.path)) : file.before;
    await workspace.write(file.path, text);
    files.push({ path: file.path, before: file.before, text });
  }
  return { records, files };
}
