import type { BuildReport } from '../../artefacts/build-report.js';
import type { FixAttempt } from '../../artefacts/fix-report.js';
import { renderUnifiedDiff } from '../../patch/render-diff.js';
import type { FileChange } from '../../patch/types.js';
import { invertFileChanges } from '../../patch/write-file-changes.js';
import { findNewFailures } from '../code/compare-checks.js';
import type { TestRef } from './localise/focus-tests.js';
import type { FocusedRunner } from './localise/run-focused.js';
import type { FailureAnalysis, FixCandidate } from './types.js';

/** What the validator said about a candidate (src/pipeline/fix/validate-fix.ts). */
export type CandidateVerdict = { ok: true; risk: 'low' | 'medium' | 'high' } | { ok: false; rule: string; message: string };

/** The effects a fix attempt needs, over the fix worktree. */
export interface FixWorkspace {
  validate(candidate: FixCandidate, analyses: readonly FailureAnalysis[]): Promise<CandidateVerdict>;
  write(files: readonly FileChange[]): Promise<void>;
  /** A full self-check build of the worktree. */
  check(): Promise<{ report: BuildReport; file: string }>;
  focused: FocusedRunner;
}

export interface CandidateOutcome {
  attempt: FixAttempt;
  /** The re-check after the fix, when it was kept. */
  after: BuildReport | null;
}

/**
 * Validates, writes and re-checks one candidate; anything short of "fixes something, breaks
 * nothing" is taken out again. With `focus`, the failing tests run on their own first, so a
 * candidate that does not even fix them costs one short run instead of a whole build.
 */
export async function tryCandidate(
  candidate: FixCandidate,
  context: { current: BuildReport; analyses: readonly FailureAnalysis[]; engine: 'builtin' | 'model'; focus: readonly TestRef[] | null },
  workspace: FixWorkspace,
): Promise<CandidateOutcome> {
  const started = Date.now();
  const attempt: FixAttempt = {
    engine: context.engine,
    strategy: candidate.strategy,
    rule: candidate.rule,
    description: candidate.description,
    targets: candidate.targets,
    diff: renderUnifiedDiff(candidate.files),
    risk: null,
    validation: { ok: true, rule: null, message: null },
    result: 'rejected',
    fixed: [],
    new_failures: [],
    check_report: null,
    duration_ms: 0,
  };
  const done = (patch: Partial<FixAttempt>, after: BuildReport | null = null): CandidateOutcome => ({ attempt: { ...attempt, ...patch, duration_ms: Date.now() - started }, after });
  const verdict: CandidateVerdict = candidate.refused ? { ok: false, ...candidate.refused } : await workspace.validate(candidate, context.analyses);
  if (!verdict.ok) return done({ validation: { ok: false, rule: verdict.rule, message: verdict.message } });
  attempt.risk = verdict.risk;
  await workspace.write(candidate.files);
  if (context.focus && context.focus.length > 0) {
    const run = await workspace.focused.run(context.focus, { names: true, coverage: false });
    if (run.error !== null || run.results.length === 0 || run.results.some((result) => !result.passed)) {
      await workspace.write(invertFileChanges(candidate.files));
      return done({ result: 'still-failing' });
    }
  }
  const { report, file } = await workspace.check();
  const newFailures = findNewFailures(context.current, report);
  const fixed = findNewFailures(report, context.current).map((failure) => failure.id);
  if (newFailures.length > 0 || fixed.length === 0) {
    await workspace.write(invertFileChanges(candidate.files));
    return done({ result: newFailures.length > 0 ? 'regressed' : 'no-effect', fixed, new_failures: newFailures, check_report: file });
  }
  return done({ result: 'applied', fixed, check_report: file }, report);
}
