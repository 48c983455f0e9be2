import { failModel, type ModelClient, type ModelOutcome } from './model-client.js';
import type { ModelPrice } from './prices.js';
import { findBudgetExhaustion, type Budget, type UsageMeter } from './usage.js';

export interface GuardOptions {
  /** Receives the tokens of every billed call. */
  meter: UsageMeter;
  /** The price of the configured model; undefined makes the meter's cost unknown. */
  price: ModelPrice | undefined;
  budget?: Budget;
  /** Absolute epoch ms; a call asked for after it fails with kind `deadline`. */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Wraps any client (real, recording or replaying) with the run's limits: cancelled, deadline and
 * budget are checked before each call, and every billed call is counted on the meter.
 */
export function createGuardedClient(inner: ModelClient, options: GuardOptions): ModelClient {
  const now = options.now ?? Date.now;
  return {
    async complete(request): Promise<ModelOutcome> {
      if (options.signal?.aborted) return failModel('cancelled', 'model call cancelled');
      if (options.deadlineMs !== undefined && now() >= options.deadlineMs) {
        return failModel('deadline', `the run deadline passed; no '${request.purpose}' model call was made`);
      }
      const exhausted = findBudgetExhaustion(options.meter.snapshot(), options.budget);
      if (exhausted !== undefined) return failModel('budget', `${exhausted}; no '${request.purpose}' model call was made`);
      const outcome = await inner.complete(request);
      if (outcome.usage) options.meter.record(outcome.usage, options.price);
      return outcome;
    },
  };
}
