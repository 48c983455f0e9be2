import { loadTypeScript } from '../../../adapters/typescript.js';
import { proposePyAwait, readCoroutineName } from './pattern-await-py.js';
import { proposeJsAwait } from './pattern-await.js';
import { proposeNoneComparison } from './pattern-compare-none.js';
import { isJsLike } from './pattern-edit.js';
import { proposeJsImports, readMissingJsName } from './pattern-imports-js.js';
import { proposePyImports, readMissingPyName } from './pattern-imports-py.js';
import { proposeNoneGuard } from './pattern-none.js';
import { createRepoView, type RepoView } from './pattern-repo.js';
import type { Ts } from './pattern-ts.js';
import type { FailureAnalysis, FixCandidate, ReadFile } from '../types.js';

/**
 * Rung 3 of the repair ladder: the seeds' CommonFixPatterns. Cheap, text-level fixes for failures
 * whose shape says what is wrong: a missing import (JS/TS, Python), a missing `await`, a
 * comparison to None a linter flagged, and — last — a guard on an attribute read of None.
 */

/** What the pattern rung reads. */
export interface PatternFixOptions {
  analyses: readonly FailureAnalysis[];
  readFile: ReadFile;
  /** Every repository file, relative to the root. */
  listFiles: () => Promise<string[]>;
}

function fileOf(analysis: FailureAnalysis): string {
  return analysis.location?.file ?? analysis.testLocation?.file ?? '';
}

async function proposeFor(analysis: FailureAnalysis, repo: RepoView, ts: Ts | null): Promise<FixCandidate[]> {
  const file = fileOf(analysis);
  const isPython = file.endsWith('.py');
  const candidates: FixCandidate[] = [];
  if (isPython && readMissingPyName(analysis) !== null) candidates.push(...(await proposePyImports(analysis, repo)));
  if (!isPython && ts !== null && isJsLike(file) && readMissingJsName(analysis) !== null) {
    candidates.push(...(await proposeJsImports(analysis, repo, ts)));
  }
  if (isPython && readCoroutineName(analysis) !== null) candidates.push(...(await proposePyAwait(analysis, repo)));
  if (!isPython && ts !== null && isJsLike(file)) candidates.push(...(await proposeJsAwait(analysis, repo, ts)));
  candidates.push(...(await proposeNoneComparison(analysis, repo)));
  candidates.push(...(await proposeNoneGuard(analysis, repo, ts)));
  return candidates;
}

/** One candidate per distinct change: the same edit proposed for several failures targets them all. */
function mergeDuplicates(candidates: readonly FixCandidate[]): FixCandidate[] {
  const byChange = new Map<string, FixCandidate>();
  for (const candidate of candidates) {
    const key = JSON.stringify([candidate.rule, candidate.files.map((file) => [file.path, file.after])]);
    const seen = byChange.get(key);
    if (seen) seen.targets = [...new Set([...seen.targets, ...candidate.targets])];
    else byChange.set(key, { ...candidate, targets: [...candidate.targets] });
  }
  return [...byChange.values()];
}

/**
 * Candidates for every analysis, in analysis order, duplicates merged, `guard-none` candidates
 * last (they hide symptoms as often as they fix causes). Each candidate is one file and as few
 * lines as the pattern allows; the validator and the test run decide.
 */
export async function proposePatternFixes(options: PatternFixOptions): Promise<FixCandidate[]> {
  const repo = createRepoView(options.readFile, options.listFiles);
  const ts = await loadTypeScript();
  const all: FixCandidate[] = [];
  for (const analysis of options.analyses) all.push(...(await proposeFor(analysis, repo, ts)));
  const merged = mergeDuplicates(all);
  return [...merged.filter((candidate) => candidate.rule !== 'guard-none'), ...merged.filter((candidate) => candidate.rule === 'guard-none')];
}
