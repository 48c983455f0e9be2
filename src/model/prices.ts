import { z } from 'zod';
import type { TokenCounts } from './model-client.js';

/** What one model costs, in US dollars per million tokens. */
export const ModelPrice = z
  .object({
    /** USD per 1M prompt (input) tokens. */
    input: z.number().nonnegative(),
    /** USD per 1M completion (output) tokens. */
    output: z.number().nonnegative(),
  })
  .strict();
export type ModelPrice = z.infer<typeof ModelPrice>;

/** Prices keyed by model name, as sent in the request (`model.name`). */
export const PriceTable = z.record(z.string().min(1), ModelPrice);
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * A few OpenAI list prices (standard tier, USD per 1M tokens) so the common case needs no config.
 * They go stale: `model.prices` in `.healrc.yaml` overrides or extends them.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
};

/**
 * Finds a model's price: the exact name first, then the name without a dated snapshot suffix
 * (`gpt-4o-2024-08-06` → `gpt-4o`). Unknown models have no price (their cost is not known).
 */
export function lookupPrice(model: string, table: PriceTable): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  const undated = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return undated === model ? undefined : table[undated];
}

/** Dollar cost of one call's tokens at `price`. */
export function computeCostUsd(tokens: TokenCounts, price: ModelPrice): number {
  return (tokens.prompt_tokens * price.input + tokens.completion_tokens * price.output) / 1_000_000;
}
