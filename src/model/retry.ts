import { setTimeout as delay } from 'node:timers/promises';
import { failModel, type ModelError } from './model-client.js';

/** Back-off before the first retry when the server gives no Retry-After; doubles each retry. */
export const DEFAULT_RETRY_BASE_MS = 500;
/** The longest heal waits between two attempts, whatever Retry-After asks for. */
export const MAX_RETRY_WAIT_MS = 60_000;

/** One failed attempt, and how long the server asked us to wait before the next. */
export interface AttemptFailure {
  error: ModelError;
  retryAfterMs?: number;
}

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: AttemptFailure };

export interface RetryOptions {
  /** Attempts after the first; only errors marked retryable are retried. */
  maxRetries: number;
  baseDelayMs?: number;
  maxWaitMs?: number;
  /** Absolute epoch ms after which no attempt starts and no wait ends. */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Milliseconds to wait before retry number `retryIndex` (0-based): the server's Retry-After when
 * given, else exponential back-off with a little jitter; both capped at `maxWaitMs`.
 */
export function planRetryDelay(retryIndex: number, retryAfterMs: number | undefined, baseDelayMs: number, maxWaitMs: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), maxWaitMs);
  const backoff = Math.min(baseDelayMs * 2 ** retryIndex, maxWaitMs);
  return Math.round(backoff * (0.75 + Math.random() * 0.25));
}

/** Reads `retry-after-ms` (OpenAI's) or `retry-after` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(headers: Headers | undefined, nowMs: number): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers?.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

async function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or retries run out. The one retry layer of
 * the model client (the SDK's own retries are off). Never waits past the deadline.
 */
export async function runWithRetry<T>(
  attempt: (index: number) => Promise<AttemptResult<T>>,
  options: RetryOptions,
): Promise<{ ok: true; value: T } | { ok: false; error: ModelError }> {
  const now = options.now ?? Date.now;
  const base = options.baseDelayMs ?? DEFAULT_RETRY_BASE_MS;
  const cap = options.maxWaitMs ?? MAX_RETRY_WAIT_MS;
  for (let index = 0; ; index += 1) {
    if (options.signal?.aborted) return failModel('cancelled', 'model call cancelled');
    if (options.deadlineMs !== undefined && now() >= options.deadlineMs) {
      return failModel('deadline', 'the run deadline passed before the model call could start');
    }
    const result = await attempt(index);
    if (result.ok) return result;
    const { error, retryAfterMs } = result.failure;
    const tries = index === 0 ? '' : ` (after ${index + 1} attempts)`;
    if (!error.retryable || index >= options.maxRetries) return { ok: false, error: { ...error, message: `${error.message}${tries}` } };
    const wait = planRetryDelay(index, retryAfterMs, base, cap);
    if (options.deadlineMs !== undefined && now() + wait >= options.deadlineMs) {
      return { ok: false, error: { ...error, message: `${error.message}${tries}; not retried: the run deadline is too close` } };
    }
    if (!(await sleep(wait, options.signal))) return failModel('cancelled', 'model call cancelled');
  }
}
