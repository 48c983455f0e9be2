import type { BuildReport } from '../../artefacts/build-report.js';
import type { CommitResult } from '../../artefacts/commit-result.js';
import type { FixReport } from '../../artefacts/fix-report.js';
import type { GeneratedTests } from '../../artefacts/generated-tests.js';
import { LOOP_REPORT_VERSION, type FileCoverageChange, type LoopFailure, type LoopReport, type LoopTest, type MergeOutcome } from '../../artefacts/loop-report.js';
import type { LoopState } from '../../artefacts/loop-state.js';
import { evaluateGuards } from './guards.js';
import { sandboxField } from '../../artefacts/sandbox-note.js';

/** The stage artefacts of a run, read back from its folder by artefact name. */
export interface RunArtefacts {
  builds: Map<string, BuildReport>;
  fixes: Map<string, FixReport>;
  tests: Map<string, GeneratedTests>;
  codes: Map<string, CommitResult>;
}

function artefactsOf<T>(state: LoopState, stage: string, map: Map<string, T>): T[] {
  return state.stages.filter((run) => run.stage === stage && run.artefact !== null).flatMap((run) => (map.has(run.artefact ?? '') ? [map.get(run.artefact ?? '') as T] : []));
}

/** Per-file line coverage, first green build 1 against the last green build. */
function coverageChanges(state: LoopState, lastGreen: BuildReport | null): FileCoverageChange[] {
  const before = new Map((state.coverage_baseline?.files ?? []).map((file) => [file.file, file.line_pct]));
  const after = new Map((lastGreen?.coverage?.files ?? []).map((file) => [file.file, file.line_pct]));
  const files = [...new Set([...before.keys(), ...after.keys()])].sort();
  return files.map((file) => ({ file, before: before.get(file) ?? null, after: after.get(file) ?? null }));
}

/** Every failure a fix stage met, and the applied fix that made it pass. */
function failuresOf(fixes: readonly FixReport[]): LoopFailure[] {
  const failures = new Map<string, LoopFailure>();
  for (const report of fixes) {
    const applied = report.iterations.flatMap((iteration) => iteration.fixes).filter((attempt) => attempt.result === 'applied');
    for (const failure of report.failures_before) {
      const fixer = applied.find((attempt) => attempt.fixed.includes(failure.id));
      const fixedBy = fixer ? `${fixer.strategy}: ${fixer.description}` : null;
      const known = failures.get(failure.id);
      failures.set(failure.id, { id: failure.id, message: failure.message.split('\n').filter((line) => line.trim() !== '').slice(0, 4).join('\n').slice(0, 500), fixed_by: fixedBy ?? known?.fixed_by ?? null });
    }
  }
  return [...failures.values()];
}

function testsOf(reports: readonly GeneratedTests[]): LoopTest[] {
  return reports.flatMap((report) => report.tests.map((test) => ({ file: test.file, name: test.name, target: test.target, status: test.status, reason: test.reason, failure: test.failure })));
}

/** Pure: loop_report.json from the run's state and its stages' artefacts (guards judged as the run last stood). */
export function assembleLoopReport(state: LoopState, artefacts: RunArtefacts, merge: MergeOutcome): LoopReport {
  const builds = state.stages.filter((run) => (run.stage === 'build-1' || run.stage === 'build-2') && run.artefact !== null).map((run) => artefacts.builds.get(run.artefact ?? '')).filter((report): report is BuildReport => report !== undefined);
  const lastGreen = builds.filter((report) => report.status === 'PASSED').at(-1) ?? null;
  const lastBuild2 = state.stages.filter((run) => run.stage === 'build-2' && run.artefact !== null).map((run) => artefacts.builds.get(run.artefact ?? '')).at(-1) ?? null;
  const fixes = artefactsOf(state, 'fix', artefacts.fixes);
  const tests = artefactsOf(state, 'build-tests', artefacts.tests);
  const committedTests = tests.filter((report) => report.commit_sha !== null).reduce((sum, report) => sum + report.counts.kept, 0);
  const fixesApplied = fixes.filter((report) => report.commit_sha !== null).reduce((sum, report) => sum + report.iterations.flatMap((iteration) => iteration.fixes).filter((attempt) => attempt.result === 'applied').length, 0);
  const after = lastGreen?.coverage?.line_pct ?? null;
  return {
    version: LOOP_REPORT_VERSION,
    kind: 'loop_report',
    run_id: state.run_id,
    status: state.status,
    stop_reason: state.stop_reason,
    summary: state.summary ?? 'running',
    goal: state.goal,
    engine: state.engine,
    model: state.model,
    base_sha: state.base_sha,
    final_commit_sha: state.head_sha,
    branch_name: merge === 'none' || merge === 'discarded' ? null : state.branch_name,
    merge,
    stages: state.stages,
    coverage: { before: state.coverage_baseline?.line_pct ?? null, after, files: coverageChanges(state, lastGreen) },
    failures: failuresOf(fixes),
    tests: testsOf(tests),
    tests_added: committedTests,
    fixes_applied: fixesApplied,
    guards: evaluateGuards(state, Date.parse(state.updated_at), state.usage, lastBuild2?.coverage?.line_pct ?? null),
    usage: state.usage,
    notes: state.notes,
    started_at: state.started_at,
    duration_ms: Math.max(0, Date.parse(state.updated_at) - Date.parse(state.started_at)),
    ...sandboxField(state.sandbox),
  };
}
