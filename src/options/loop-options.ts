import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LoopOptions } from '../commands/loop.js';
import { UsageError } from '../errors.js';
import type { ModelSettings } from '../model/model-config.js';
import { createNoModelError } from '../model/no-model.js';
import type { Budget } from '../model/usage.js';
import { findProjectPath } from '../pipeline/build/find-project.js';
import { loadState, runDirOf } from '../pipeline/loop/state-file.js';
import { checkEngineFlag, resolveEngineModel } from './engine-flag.js';
import { configuredPython, openRepository, resolveCwdFlag } from './open-repository.js';
import { positiveNumber } from './parse-number.js';
import type { SandboxRequest } from '../pipeline/sandbox-choice.js';
import { readSandboxRequest } from './sandbox-flag.js';

/** `heal loop` flags as commander hands them over (`--no-wait` arrives as wait: false). */
export interface LoopFlags {
  cwd?: string;
  /** false when --no-sandbox was given. */
  sandbox?: boolean;
  resume?: string;
  engine?: string;
  model?: string;
  baseUrl?: string;
  merge?: boolean;
  wait?: boolean;
  timeout?: string;
  maxTokensTotal?: string;
  maxCost?: string;
  json?: boolean;
  metrics?: string;
  config?: string;
}

export interface NormalizedLoop {
  options: LoopOptions;
  json: boolean;
  /** The sandbox the user asked for (config, HEAL_SANDBOX, --no-sandbox). */
  sandbox: SandboxRequest;
  /** Set when a model takes part: what the client needs besides settings. */
  model: { settings: ModelSettings; budget: Budget; deadlineMs: number } | null;
}

const RUN_ID = /^[\w.-]+$/;

/** Interactive: a person at a terminal who can answer the merge prompt (never in CI or with --json). */
export function isInteractive(io: { stdout: { isTTY?: boolean }; env: NodeJS.ProcessEnv; stdinIsTTY: boolean }, json: boolean): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false' && io.env.CI !== '0';
  return !json && !ci && io.stdinIsTTY && io.stdout.isTTY === true;
}

/** Turns the goal, flags, environment and `.healrc.yaml` into typed options, once, at the boundary. */
export async function normalizeLoopOptions(goal: string | undefined, flags: LoopFlags, env: NodeJS.ProcessEnv, cwd: string, interactive: boolean): Promise<NormalizedLoop> {
  const dir = await resolveCwdFlag(flags.cwd, cwd);
  const hasGoal = goal !== undefined && goal.trim() !== '';
  if (hasGoal && flags.resume !== undefined) throw new UsageError('--resume continues a run with its own goal: drop the goal, or start a new run without --resume');
  if (flags.resume !== undefined && !RUN_ID.test(flags.resume)) throw new UsageError(`--resume needs a run id like 20261121-101500-ab12 (ls .heal/runs), got '${flags.resume}'`);
  checkEngineFlag(flags.engine);
  const maxTokensTotal = positiveNumber(flags.maxTokensTotal, '--max-tokens-total', true);
  const maxCostUsd = positiveNumber(flags.maxCost, '--max-cost', false);
  const timeoutFlag = positiveNumber(flags.timeout, '--timeout', true);
  const { git, config } = await openRepository(dir, flags.config, cwd);
  const project = await findProjectPath(git.root, await realpath(dir));
  const saved = flags.resume === undefined ? null : await loadState(runDirOf(git.root, flags.resume));
  const engineFlag = flags.engine ?? (saved ? saved.engine : undefined);
  if (hasGoal && engineFlag === 'builtin') throw new UsageError('a goal needs the model engine (the code stage writes the change): drop --engine builtin, or drop the goal to heal HEAD offline');
  const settings = resolveEngineModel({ ...flags, engine: engineFlag }, config.model, env, 'loop --engine model', 'heal loop --engine builtin (no goal) heals HEAD offline');
  if (hasGoal && !settings) throw createNoModelError('loop "goal"', ['heal loop with no goal heals HEAD: build, fix, add the missing tests']);
  const limits = {
    backoff_sec: config.loop.backoff,
    timeout_sec: timeoutFlag ?? config.loop.timeout_sec,
    max_tokens_total: maxTokensTotal ?? config.loop.max_tokens_total ?? null,
    max_cost_usd: maxCostUsd ?? config.loop.max_cost_usd ?? null,
    max_coverage_drop: config.loop.max_coverage_drop,
    max_self_check_failures: config.loop.max_self_check_failures,
    max_fix_rounds: config.loop.max_fix_rounds,
    max_code_cycles: config.loop.max_code_cycles,
  };
  const budget: Budget = { maxTokensTotal: limits.max_tokens_total ?? undefined, maxCostUsd: limits.max_cost_usd ?? undefined };
  return {
    json: flags.json === true,
    sandbox: readSandboxRequest(flags.sandbox, env, config),
    model: settings ? { settings, budget, deadlineMs: Date.now() + limits.timeout_sec * 1000 } : null,
    options: {
      git,
      start: flags.resume === undefined ? { kind: 'new', goal: hasGoal ? (goal?.trim() ?? null) : null } : { kind: 'resume', runId: flags.resume },
      project: saved?.project ?? project,
      build: config.build,
      python: configuredPython(env, config),
      policy: config.patch,
      minCoverage: config.plan_tests.min_coverage,
      maxTargets: config.plan_tests.max_targets,
      model: settings,
      limits,
      noWait: flags.wait === false,
      merge: flags.merge === true ? 'merge' : interactive ? 'ask' : 'keep',
      metrics: flags.metrics === undefined ? null : resolve(cwd, flags.metrics),
      stepSummary: env.GITHUB_STEP_SUMMARY || null,
    },
  };
}
