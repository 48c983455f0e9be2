import { z } from 'zod';
import type { TokenCounts } from './model-client.js';
import { computeCostUsd, type ModelPrice } from './prices.js';

/** Model usage over a run; artefacts embed it as `usage`. */
export const Usage = z
  .object({
    /** Model calls that returned a reply (billed calls; failed requests are not counted). */
    calls: z.number().int().nonnegative(),
    /** Prompt (input) tokens, as the server reported them. */
    prompt_tokens: z.number().int().nonnegative(),
    /** Completion (output) tokens, as the server reported them. */
    completion_tokens: z.number().int().nonnegative(),
    /** prompt_tokens + completion_tokens. */
    total_tokens: z.number().int().nonnegative(),
    /** Estimated cost in US dollars (0 for calls to models with no known price). */
    cost_usd: z.number().nonnegative(),
    /** false when some call used a model with no price in `model.prices`, so cost_usd is a lower bound. */
    cost_known: z.boolean(),
  })
  .strict();
export type Usage = z.infer<typeof Usage>;

/** Limits on one run's model use; a call that would start past either one fails with kind `budget`. */
export interface Budget {
  maxTokensTotal?: number;
  /** Enforced only while every call's cost is known. */
  maxCostUsd?: number;
}

/** Accumulates usage across every call of a run (shared by all the run's clients). */
export interface UsageMeter {
  record(tokens: TokenCounts, price: ModelPrice | undefined): void;
  snapshot(): Usage;
}

/** A meter starting at zero. */
export function createUsageMeter(): UsageMeter {
  const usage: Usage = { calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, cost_known: true };
  return {
    record(tokens, price) {
      usage.calls += 1;
      usage.prompt_tokens += tokens.prompt_tokens;
      usage.completion_tokens += tokens.completion_tokens;
      usage.total_tokens += tokens.prompt_tokens + tokens.completion_tokens;
      if (price) usage.cost_usd += computeCostUsd(tokens, price);
      else usage.cost_known = false;
    },
    snapshot() {
      return { ...usage, cost_usd: Math.round(usage.cost_usd * 1e6) / 1e6 };
    },
  };
}

/** Why no further call may start under `budget`, or undefined while there is budget left. */
export function findBudgetExhaustion(usage: Usage, budget: Budget | undefined): string | undefined {
  if (budget?.maxTokensTotal !== undefined && usage.total_tokens >= budget.maxTokensTotal) {
    return `token budget spent: ${usage.total_tokens} of ${budget.maxTokensTotal} tokens used`;
  }
  if (budget?.maxCostUsd !== undefined && usage.cost_known && usage.cost_usd >= budget.maxCostUsd) {
    return `cost budget spent: $${usage.cost_usd.toFixed(4)} of $${budget.maxCostUsd.toFixed(4)} used`;
  }
  return undefined;
}
