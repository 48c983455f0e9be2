import { readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readArtefact } from '../artefacts/artefact-io.js';
import type { CodeOptions } from '../commands/code.js';
import { UsageError } from '../errors.js';
import { resolveModelSettings, type ModelSettings } from '../model/model-config.js';
import { createNoModelError } from '../model/no-model.js';
import type { Budget } from '../model/usage.js';
import { findProjectPath } from '../pipeline/build/find-project.js';
import { makeTaskId, TaskFile, toCodeTask } from '../pipeline/code/task.js';
import { configuredPython, openRepository, resolveCwdFlag } from './open-repository.js';
import { positiveNumber } from './parse-number.js';
import type { SandboxRequest } from '../pipeline/sandbox-choice.js';
import { readSandboxRequest } from './sandbox-flag.js';

/** `heal code` flags as commander hands them over. */
export interface CodeFlags {
  cwd?: string;
  /** false when --no-sandbox was given. */
  sandbox?: boolean;
  task?: string;
  patch?: string;
  base?: string;
  model?: string;
  baseUrl?: string;
  maxAttempts?: string;
  maxTokensTotal?: string;
  maxCost?: string;
  timeout?: string;
  push?: string;
  out?: string;
  json?: boolean;
  metrics?: string;
  config?: string;
}

export interface NormalizedCode {
  options: CodeOptions;
  json: boolean;
  /** The sandbox the user asked for (config, HEAL_SANDBOX, --no-sandbox). */
  sandbox: SandboxRequest;
  /** Set when a model will be asked: what the client needs besides settings. */
  model: { settings: ModelSettings; budget: Budget; deadlineMs: number } | null;
}

/** Turns the goal, flags, environment and `.healrc.yaml` into typed options, once, at the boundary. */
export async function normalizeCodeOptions(goal: string | undefined, flags: CodeFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<NormalizedCode> {
  const dir = await resolveCwdFlag(flags.cwd, cwd);
  const hasGoal = goal !== undefined && goal.trim() !== '';
  if (hasGoal && flags.task !== undefined) throw new UsageError('give a goal or --task FILE, not both');
  if (!hasGoal && flags.task === undefined && flags.patch === undefined) {
    throw new UsageError('say what to do: heal code "goal", heal code --task task.json, or heal code --patch change.diff');
  }
  const maxAttempts = positiveNumber(flags.maxAttempts, '--max-attempts', true) ?? 3;
  const maxTokensTotal = positiveNumber(flags.maxTokensTotal, '--max-tokens-total', true);
  const maxCostUsd = positiveNumber(flags.maxCost, '--max-cost', false);
  const timeoutSec = positiveNumber(flags.timeout, '--timeout', true) ?? 1800;
  const { git, config } = await openRepository(dir, flags.config, cwd);
  const project = await findProjectPath(git.root, await realpath(dir));
  const taskFile = flags.task === undefined ? null : await readArtefact(resolve(cwd, flags.task), TaskFile, 'task file');
  let patch: CodeOptions['patch'] = null;
  if (flags.patch !== undefined) {
    const file = resolve(cwd, flags.patch);
    const text = await readFile(file, 'utf8').catch(() => {
      throw new UsageError(`--patch file not found: ${file}`);
    });
    patch = { text, format: /^<{7} SEARCH\s*$/m.test(text) ? 'search-replace' : 'diff' };
  }
  const goalText = taskFile?.goal ?? (hasGoal ? goal.trim() : `apply ${flags.patch ?? 'patch'}`);
  const task = taskFile ? toCodeTask(taskFile) : { id: makeTaskId(goalText, new Date()), goal: goalText, path: null, kind: null };
  let model: NormalizedCode['model'] = null;
  if (patch === null) {
    const resolved = resolveModelSettings(config.model, env, { model: flags.model, baseUrl: flags.baseUrl });
    if (!resolved.configured) throw createNoModelError('code', ['heal code --patch FILE applies a ready diff with the same checks']);
    model = { settings: resolved.settings, budget: { maxTokensTotal, maxCostUsd }, deadlineMs: Date.now() + timeoutSec * 1000 };
  }
  return {
    json: flags.json === true,
    sandbox: readSandboxRequest(flags.sandbox, env, config),
    model,
    options: {
      git,
      task,
      patch,
      model: model?.settings ?? null,
      baseRef: flags.base ?? 'HEAD',
      project,
      build: config.build,
      python: configuredPython(env, config),
      policy: config.patch,
      maxAttempts,
      push: flags.push ?? null,
      out: flags.out === undefined ? join(git.root, '.heal', 'commit_result.json') : resolve(cwd, flags.out),
      metrics: flags.metrics === undefined ? null : resolve(cwd, flags.metrics),
    },
  };
}
