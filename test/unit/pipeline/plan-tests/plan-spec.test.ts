import { describe, expect, it } from 'vitest';
import { TestSpec } from '../../../../src/artefacts/testspec.js';
import { enumerateCases } from '../../../../src/pipeline/plan-tests/enumerate-cases.js';
import type { Candidate } from '../../../../src/pipeline/plan-tests/find-targets.js';
import { planSpec, rankCandidates } from '../../../../src/pipeline/plan-tests/plan-spec.js';
import type { RiskFactor } from '../../../../src/artefacts/testspec.js';

function candidate(symbol: string, overrides: Partial<Candidate> = {}): Candidate {
  const lines = ['export function f(a: number) {', '  if (a < 0) {', '    throw new Error("negative");', '  }', '  return a * 2;', '}'];
  return {
    path: 'src/f.ts',
    symbol,
    start: 1,
    end: 6,
    linePct: 0,
    lineCount: 5,
    uncovered: [2, 3, 5],
    isMeasured: true,
    risks: [],
    parameters: [{ name: 'a', type: 'number', isOptional: false }],
    isAsync: false,
    errorLines: [3],
    lines,
    ...overrides,
  };
}

const input = (candidates: Candidate[], maxTargets = 5) => ({
  id: 'tp-1',
  parentSha: 'a'.repeat(40),
  baseSha: null,
  toolchain: { id: 'node' as const, root: '.', test_runner: 'vitest' },
  candidates,
  minCoverage: 80,
  maxTargets,
  plan: null,
  linePct: 50,
  changedFiles: 1,
  notes: [],
});

describe('rankCandidates', () => {
  it('puts a changed target above an equally uncovered unchanged one', () => {
    const unchanged = candidate('formatDate', { risks: ['public-api'] });
    const changed = candidate('formatTime', { risks: ['changed', 'public-api'] });
    expect(rankCandidates([unchanged, changed]).map((c) => c.symbol)).toEqual(['formatTime', 'formatDate']);
  });

  it('orders by priority tier, then risk, then uncovered size', () => {
    const privateUntested = candidate('helper', { risks: [] });
    const privatePartly = candidate('partly', { risks: [], linePct: 50, uncovered: [5] });
    const publicSmall = candidate('small', { risks: ['public-api'], uncovered: [5] });
    const publicBig = candidate('big', { risks: ['public-api'], uncovered: [2, 3, 4, 5] });
    const risky = candidate('shell', { risks: ['public-api', 'shell-command'] as RiskFactor[], uncovered: [5] });
    expect(rankCandidates([privatePartly, privateUntested, publicSmall, publicBig, risky]).map((c) => c.symbol)).toEqual([
      'shell', 'big', 'small', 'helper', 'partly',
    ]);
  });
});

describe('enumerateCases', () => {
  it('shares the uncovered lines out: the guard and the throw to failure, the top-level path to success', () => {
    const cases = enumerateCases(candidate('f'), 'high');
    expect(cases.map((c) => [c.kind, c.uncovered_lines])).toEqual([['success', [5]], ['edge', []], ['failure', [2, 3]]]);
    expect(cases[2]?.goal).toContain('throw new Error("negative")');
  });

  it('adds concurrency only for async code and security only with a sink', () => {
    expect(enumerateCases(candidate('f', { isAsync: true }), 'high').map((c) => c.kind)).toContain('concurrency');
    const kinds = enumerateCases(candidate('f', { risks: ['sql'] }), 'low').map((c) => [c.kind, c.priority]);
    expect(kinds).toContainEqual(['security', 'high']);
    expect(enumerateCases(candidate('f'), 'high').map((c) => c.kind)).not.toContain('security');
  });

  it('skips the success case for a partly covered target and never exceeds five cases', () => {
    const partly = enumerateCases(candidate('f', { linePct: 60, uncovered: [3] }), 'high');
    expect(partly.map((c) => c.kind)).toEqual(['edge', 'failure']);
    const all = enumerateCases(candidate('f', { isAsync: true, risks: ['sql'] }), 'high');
    expect(all.map((c) => c.kind)).toEqual(['success', 'edge', 'failure', 'concurrency', 'security']);
  });
});

describe('planSpec', () => {
  it('keeps the top targets, estimates tokens and validates against the schema', () => {
    const spec = planSpec(input([candidate('a', { risks: ['public-api'] }), candidate('b'), candidate('c')], 2));
    expect(TestSpec.parse(spec)).toEqual(spec);
    expect(spec.targets.map((t) => t.symbol)).toEqual(['a', 'b']);
    expect(spec.target?.id).toBe('src/f.ts::a');
    // success 3 + edge 4 + failure 4 steps, for two targets, at 60 tokens a step.
    expect(spec.estimated_tokens).toBe(2 * 11 * 60);
    expect(spec.rationale_md).toContain('1 more target is below the threshold but beyond --max-targets');
  });

  it('writes an empty spec whose rationale says why', () => {
    const spec = planSpec(input([]));
    expect(spec.cases).toEqual([]);
    expect(spec.target).toBeNull();
    expect(spec.rationale_md).toContain('Every function is at or above 80% line coverage');
  });
});
