import {
  TESTSPEC_VERSION,
  type CaseKind,
  type ChangePlan,
  type CoverageTarget,
  type Priority,
  type RiskFactor,
  type TestCase,
  type TestSpec,
} from '../../artefacts/testspec.js';
import { enumerateCases } from './enumerate-cases.js';
import type { Candidate } from './find-targets.js';
import { writeRationale } from './write-rationale.js';

/** How much each risk factor moves a target up within its priority tier. */
export const RISK_WEIGHT: Record<RiskFactor, number> = {
  changed: 4,
  'signature-changed': 3,
  'new-error-path': 3,
  'in-plan': 3,
  'shell-command': 2,
  sql: 2,
  'untrusted-input': 2,
  'uncovered-error-handling': 2,
  'file-path': 1,
  'public-api': 1,
};

/** Steps a test of each kind typically takes (arrange, act, assert, ...), for the token estimate. */
const STEPS: Record<CaseKind, number> = { success: 3, edge: 4, failure: 4, concurrency: 6, security: 5 };
const TOKENS_PER_STEP = 60;
const TIER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

export interface SpecInput {
  id: string;
  parentSha: string;
  baseSha: string | null;
  toolchain: TestSpec['toolchain'];
  candidates: Candidate[];
  minCoverage: number;
  maxTargets: number;
  plan: ChangePlan | null;
  /** Overall line coverage of the build, or null. */
  linePct: number | null;
  changedFiles: number;
  notes: string[];
}

/** Any risk factor makes a target high priority; a never-run one is medium; the rest low. */
export function priorityOf(candidate: Candidate): Priority {
  if (candidate.risks.length > 0) return 'high';
  return candidate.linePct === 0 ? 'medium' : 'low';
}

export function riskScore(candidate: Candidate): number {
  return candidate.risks.reduce((sum, risk) => sum + RISK_WEIGHT[risk], 0);
}

/** Highest priority first, then most risk, then most uncovered lines; path and line break ties. */
export function rankCandidates(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort(
    (a, b) =>
      TIER[priorityOf(a)] - TIER[priorityOf(b)] ||
      riskScore(b) - riskScore(a) ||
      b.uncovered.length - a.uncovered.length ||
      a.path.localeCompare(b.path) ||
      a.start - b.start,
  );
}

/** cases x average steps x 60: each case's typical steps, at 60 tokens a step. */
export function estimateTokens(cases: readonly TestCase[]): number {
  return cases.reduce((sum, testCase) => sum + STEPS[testCase.kind], 0) * TOKENS_PER_STEP;
}

function toTarget(candidate: Candidate): CoverageTarget {
  return {
    id: `${candidate.path}::${candidate.symbol}`,
    path: candidate.path,
    symbol: candidate.symbol,
    line_range: [candidate.start, candidate.end],
    line_pct: candidate.linePct,
    uncovered_lines: candidate.uncovered,
    priority: priorityOf(candidate),
    risks: candidate.risks,
    measured: candidate.isMeasured,
  };
}

/** Pure: ranks the candidates, keeps the top `maxTargets`, enumerates their cases, explains the choice. */
export function planSpec(input: SpecInput): TestSpec {
  const ranked = rankCandidates(input.candidates);
  const chosen = ranked.slice(0, input.maxTargets);
  const cases = chosen.flatMap((candidate) => enumerateCases(candidate, priorityOf(candidate)));
  const targets = chosen.map(toTarget);
  const estimatedTokens = estimateTokens(cases);
  return {
    version: TESTSPEC_VERSION,
    kind: 'testspec',
    id: input.id,
    parent_commit_sha: input.parentSha,
    base_commit_sha: input.baseSha,
    engine: 'builtin',
    toolchain: input.toolchain,
    cases,
    target: targets[0] ?? null,
    targets,
    min_line_coverage: input.minCoverage,
    rationale_md: writeRationale({
      targets,
      skipped: ranked.length - chosen.length,
      minCoverage: input.minCoverage,
      linePct: input.linePct,
      changedFiles: input.changedFiles,
      plan: input.plan,
      cases: cases.length,
    }),
    estimated_tokens: estimatedTokens,
    notes: input.notes,
    usage: null,
  };
}
