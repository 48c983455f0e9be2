import { describe, expect, it } from 'vitest';
import type { Guard } from '../../../../src/artefacts/loop-report.js';
import type { LoopLimits, LoopState } from '../../../../src/artefacts/loop-state.js';
import type { Usage } from '../../../../src/model/usage.js';
import { evaluateGuards, stopGuard } from '../../../../src/pipeline/loop/guards.js';
import { createLoopState } from '../../../../src/pipeline/loop/run-state.js';

const START = Date.parse('2026-03-02T10:00:00.000Z');
const LIMITS: LoopLimits = {
  backoff_sec: [0, 5, 30], timeout_sec: 600, max_tokens_total: null, max_cost_usd: null,
  max_coverage_drop: 1, max_self_check_failures: 2, max_fix_rounds: 2, max_code_cycles: 2,
};
const NO_USAGE: Usage = { calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, cost_known: true };
const DEADLINE = START + LIMITS.timeout_sec * 1000;

function state(limits: Partial<LoopLimits> = {}, fields: Partial<LoopState> = {}): LoopState {
  const fresh = createLoopState({ runId: 'run-1', goal: null, engine: 'model', model: 'gpt-test', project: '.', baseSha: 'a'.repeat(40), baseRef: 'main', limits: { ...LIMITS, ...limits }, now: new Date(START) });
  return { ...fresh, ...fields };
}

const usage = (fields: Partial<Usage>): Usage => ({ ...NO_USAGE, ...fields });
const baseline = (linePct: number): Partial<LoopState> => ({ coverage_baseline: { line_pct: linePct, files: [] } });

function guard(guards: Guard[], name: Guard['name']): Guard {
  const found = guards.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no ${name} guard`);
  return found;
}
const tripped = (subject: LoopState, name: Guard['name'], nowMs = START, spent = NO_USAGE, coverageAfter: number | null = null) =>
  guard(evaluateGuards(subject, nowMs, spent, coverageAfter), name).tripped;

describe('evaluateGuards', () => {
  it('reports the four guards, none tripped on a fresh run', () => {
    const guards = evaluateGuards(state(), START, NO_USAGE, null);
    expect(guards.map((each) => each.name)).toEqual(['coverage-drop', 'self-check-failures', 'deadline', 'budget']);
    expect(guards.every((each) => !each.tripped)).toBe(true);
    expect(guard(guards, 'budget').detail).toBe('no token or cost budget set');
    expect(guard(guards, 'coverage-drop').detail).toContain('not measured');
  });

  it('trips coverage-drop past the allowed points, not at them', () => {
    expect(tripped(state({}, baseline(80)), 'coverage-drop', START, NO_USAGE, 79)).toBe(false);
    expect(tripped(state({}, baseline(80)), 'coverage-drop', START, NO_USAGE, 78.99)).toBe(true);
    expect(tripped(state({}, baseline(64.01)), 'coverage-drop', START, NO_USAGE, 63.01)).toBe(false);
    expect(tripped(state({ max_coverage_drop: 0 }, baseline(80)), 'coverage-drop', START, NO_USAGE, 80)).toBe(false);
    expect(tripped(state({ max_coverage_drop: 0 }, baseline(80)), 'coverage-drop', START, NO_USAGE, 79.99)).toBe(true);
    expect(guard(evaluateGuards(state({}, baseline(80)), START, NO_USAGE, 78.5), 'coverage-drop').detail).toContain('80% → 78.5%');
  });

  it('never trips coverage-drop without a baseline or a build 2 figure', () => {
    expect(tripped(state(), 'coverage-drop', START, NO_USAGE, 0)).toBe(false);
    expect(tripped(state({}, baseline(100)), 'coverage-drop', START, NO_USAGE, null)).toBe(false);
  });

  it('trips self-check-failures above the limit, not at it', () => {
    expect(tripped(state({}, { self_check_failures: 2 }), 'self-check-failures')).toBe(false);
    expect(tripped(state({}, { self_check_failures: 3 }), 'self-check-failures')).toBe(true);
  });

  it('trips the deadline once it has passed, not at it', () => {
    expect(tripped(state(), 'deadline', DEADLINE)).toBe(false);
    expect(tripped(state(), 'deadline', DEADLINE + 1)).toBe(true);
  });

  it('trips the token budget when it is spent', () => {
    const limited = state({ max_tokens_total: 1000 });
    expect(tripped(limited, 'budget', START, usage({ total_tokens: 999 }))).toBe(false);
    expect(tripped(limited, 'budget', START, usage({ total_tokens: 1000 }))).toBe(true);
    expect(guard(evaluateGuards(limited, START, usage({ total_tokens: 1000 }), null), 'budget').detail).toBe('1000 of 1000 tokens');
    expect(tripped(state(), 'budget', START, usage({ total_tokens: 10_000_000 }))).toBe(false);
  });

  it('trips the cost budget when it is spent, and never when the cost is unknown', () => {
    const limited = state({ max_cost_usd: 0.5 });
    expect(tripped(limited, 'budget', START, usage({ cost_usd: 0.4999 }))).toBe(false);
    expect(tripped(limited, 'budget', START, usage({ cost_usd: 0.5 }))).toBe(true);
    expect(tripped(limited, 'budget', START, usage({ cost_usd: 0.5, cost_known: false }))).toBe(false);
    expect(tripped(limited, 'budget', START, usage({ cost_usd: 99, cost_known: false }))).toBe(false);
  });
});

describe('stopGuard', () => {
  it('lets a run go on while nothing tripped', () => {
    expect(stopGuard(state({ max_tokens_total: 1000, max_cost_usd: 1 }), DEADLINE, usage({ total_tokens: 999, cost_usd: 0.99 }))).toBeNull();
  });

  it('stops the run FAILED with the guard as the reason and its detail in the summary', () => {
    expect(stopGuard(state({}, { self_check_failures: 3 }), START, NO_USAGE)).toEqual({
      status: 'FAILED', reason: 'self-check-failures', summary: 'stopped by the self-check-failures guard: 3 red self-check(s) (more than 2 stop the run)',
    });
    expect(stopGuard(state(), DEADLINE + 1, NO_USAGE)).toMatchObject({ status: 'FAILED', reason: 'deadline' });
    expect(stopGuard(state({ max_tokens_total: 1000 }), START, usage({ total_tokens: 1000 }))).toMatchObject({ status: 'FAILED', reason: 'budget' });
  });

  it('does not stop on an unknown cost', () => {
    expect(stopGuard(state({ max_cost_usd: 0.5 }), START, usage({ cost_usd: 3, cost_known: false }))).toBeNull();
  });

  it('ignores coverage (build 2 judges it)', () => {
    expect(stopGuard(state({ max_coverage_drop: 0 }, baseline(100)), START, NO_USAGE)).toBeNull();
  });
});
