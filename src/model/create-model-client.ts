import { resolve } from 'node:path';
import { createGuardedClient } from './guarded-client.js';
import type { ModelClient } from './model-client.js';
import { resolveApiKey, type ModelSettings } from './model-config.js';
import { createOpenAIClient } from './openai-client.js';
import { lookupPrice } from './prices.js';
import { createRecordingClient, createReplayClient } from './record-replay.js';
import type { Budget, UsageMeter } from './usage.js';

/** real: call the server; record: call it and save each exchange; replay: serve saved ones, offline. */
export type ModelMode = { mode: 'real' } | { mode: 'record'; dir: string } | { mode: 'replay'; dir: string };

export interface CreateModelClientOptions {
  settings: ModelSettings;
  /** Read for the API key (the variable named by `settings.apiKeyEnv`), HEAL_RECORD and HEAL_REPLAY. */
  env: Record<string, string | undefined>;
  /** Aborting it (heal's SIGINT handler) cancels the call in flight. */
  signal?: AbortSignal;
  /** Absolute epoch ms after which calls fail with kind `deadline`. */
  deadlineMs?: number;
  budget?: Budget;
  /** Counts every call; pass one meter per run and embed `meter.snapshot()` in the artefact. */
  meter: UsageMeter;
  /** Folder that relative HEAL_RECORD / HEAL_REPLAY paths are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Back-off base between retries, in ms (tests pass a few). */
  retryBaseDelayMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Picks the mode from HEAL_REPLAY (wins) and HEAL_RECORD. */
export function selectModelMode(env: Record<string, string | undefined>, cwd: string = process.cwd()): ModelMode {
  const replay = env.HEAL_REPLAY?.trim();
  if (replay) return { mode: 'replay', dir: resolve(cwd, replay) };
  const record = env.HEAL_RECORD?.trim();
  if (record) return { mode: 'record', dir: resolve(cwd, record) };
  return { mode: 'real' };
}

/** The model client a stage uses: replay, record or real, behind the run's deadline, budget and meter. */
export function createModelClient(options: CreateModelClientOptions): ModelClient {
  const { settings, env } = options;
  const selected = selectModelMode(env, options.cwd);
  const makeReal = () =>
    createOpenAIClient({
      settings,
      apiKey: resolveApiKey(settings, env),
      signal: options.signal,
      deadlineMs: options.deadlineMs,
      retryBaseDelayMs: options.retryBaseDelayMs,
      now: options.now,
    });
  const inner =
    selected.mode === 'replay'
      ? createReplayClient(settings, selected.dir)
      : selected.mode === 'record'
        ? createRecordingClient(makeReal(), settings, selected.dir)
        : makeReal();
  return createGuardedClient(inner, {
    meter: options.meter,
    price: lookupPrice(settings.model, settings.prices),
    budget: options.budget,
    deadlineMs: options.deadlineMs,
    signal: options.signal,
    now: options.now,
  });
}
