import type { Guard } from '../../artefacts/loop-report.js';
import type { LoopState } from '../../artefacts/loop-state.js';
import type { Usage } from '../../model/usage.js';
import type { Ending } from './next-step.js';

/**
 * Pure: line-coverage points lost from the first green build 1 to `coverageAfter`, in hundredths
 * (percentages carry two decimals; binary fractions would turn an exact limit into a trip); null
 * when either side was not measured.
 */
export function coverageDrop(state: LoopState, coverageAfter: number | null): number | null {
  const before = state.coverage_baseline?.line_pct ?? null;
  return before !== null && coverageAfter !== null ? Math.round((before - coverageAfter) * 100) / 100 : null;
}

/** Pure: the run's guards as they stand: which tripped, and why. */
export function evaluateGuards(state: LoopState, nowMs: number, usage: Usage, coverageAfter: number | null): Guard[] {
  const { limits } = state;
  const before = state.coverage_baseline?.line_pct ?? null;
  const drop = coverageDrop(state, coverageAfter);
  const tokens = limits.max_tokens_total;
  const cost = limits.max_cost_usd;
  const overTokens = tokens !== null && usage.total_tokens >= tokens;
  const overCost = cost !== null && usage.cost_known && usage.cost_usd >= cost;
  const budget = [tokens === null ? null : `${usage.total_tokens} of ${tokens} tokens`, cost === null ? null : `$${usage.cost_usd.toFixed(4)} of $${cost}`].filter((part) => part !== null);
  return [
    {
      name: 'coverage-drop',
      tripped: drop !== null && drop > limits.max_coverage_drop,
      detail: drop === null ? 'not measured (needs coverage in build 1 and build 2)' : `line coverage ${before}% → ${coverageAfter}% (at most ${limits.max_coverage_drop} points may be lost)`,
    },
    {
      name: 'self-check-failures',
      tripped: state.self_check_failures > limits.max_self_check_failures,
      detail: `${state.self_check_failures} red self-check(s) (more than ${limits.max_self_check_failures} stop the run)`,
    },
    {
      name: 'deadline',
      tripped: nowMs > Date.parse(state.deadline_at),
      detail: `the run must end by ${state.deadline_at} (${limits.timeout_sec} s)`,
    },
    { name: 'budget', tripped: overTokens || overCost, detail: budget.length === 0 ? 'no token or cost budget set' : budget.join(', ') },
  ];
}

/** Pure: the guard that stops the run before its next stage, if any (coverage is judged on build 2 itself). */
export function stopGuard(state: LoopState, nowMs: number, usage: Usage): Ending | null {
  for (const guard of evaluateGuards(state, nowMs, usage, null)) {
    if (!guard.tripped || guard.name === 'coverage-drop') continue;
    return { status: 'FAILED', reason: guard.name, summary: `stopped by the ${guard.name} guard: ${guard.detail}` };
  }
  return null;
}
