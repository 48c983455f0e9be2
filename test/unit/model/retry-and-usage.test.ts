import { describe, expect, it } from 'vitest';
import { lookupPrice, DEFAULT_PRICES } from '../../../src/model/prices.js';
import { parseRetryAfter, planRetryDelay, runWithRetry } from '../../../src/model/retry.js';
import { createUsageMeter, findBudgetExhaustion } from '../../../src/model/usage.js';

describe('retry planning', () => {
  it('reads retry-after-ms, retry-after seconds and dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }), 0)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), 0)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  it('caps Retry-After and backs off exponentially without it', () => {
    expect(planRetryDelay(0, 600_000, 500, 60_000)).toBe(60_000);
    expect(planRetryDelay(2, undefined, 100, 60_000)).toBeGreaterThanOrEqual(300);
    expect(planRetryDelay(2, undefined, 100, 60_000)).toBeLessThanOrEqual(400);
  });

  it('does not wait past the deadline', async () => {
    let calls = 0;
    const result = await runWithRetry(
      async () => {
        calls += 1;
        return { ok: false as const, failure: { error: { kind: 'http' as const, message: '503', retryable: true }, retryAfterMs: 30_000 } };
      },
      { maxRetries: 3, deadlineMs: Date.now() + 1000 },
    );
    expect(calls).toBe(1);
    expect(!result.ok && result.error.message).toContain('deadline is too close');
  });
});

describe('usage and budgets', () => {
  it('finds prices by exact or undated name', () => {
    expect(lookupPrice('gpt-4o-2024-08-06', DEFAULT_PRICES)).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(lookupPrice('llama3', DEFAULT_PRICES)).toBeUndefined();
  });

  it('accumulates calls and stops at the cost budget while the cost is known', () => {
    const meter = createUsageMeter();
    meter.record({ prompt_tokens: 1_000_000, completion_tokens: 0 }, { input: 1, output: 2 });
    expect(findBudgetExhaustion(meter.snapshot(), { maxCostUsd: 2 })).toBeUndefined();
    expect(findBudgetExhaustion(meter.snapshot(), { maxCostUsd: 1 })).toContain('cost budget spent');
    meter.record({ prompt_tokens: 5, completion_tokens: 5 }, undefined);
    expect(meter.snapshot()).toMatchObject({ calls: 2, total_tokens: 1_000_010, cost_usd: 1, cost_known: false });
    expect(findBudgetExhaustion(meter.snapshot(), { maxCostUsd: 1 })).toBeUndefined();
  });
});
