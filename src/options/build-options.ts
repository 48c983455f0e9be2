import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BuildOptions } from '../commands/build.js';
import { findProjectPath } from '../pipeline/build/find-project.js';
import { ConfigError, UsageError } from '../errors.js';
import { configuredPython, openRepository, resolveCwdFlag } from './open-repository.js';
import type { SandboxRequest } from '../pipeline/sandbox-choice.js';
import { readSandboxRequest } from './sandbox-flag.js';

/** `heal build` flags as commander hands them over: strings and booleans, unchecked. */
export interface BuildFlags {
  cwd?: string;
  /** false when --no-sandbox was given. */
  sandbox?: boolean;
  commit?: string;
  timeout?: string;
  out?: string;
  json?: boolean;
  explain?: boolean;
  metrics?: string;
  config?: string;
}

export interface NormalizedBuild {
  options: BuildOptions;
  json: boolean;
  /** The sandbox the user asked for (config, HEAL_SANDBOX, --no-sandbox). */
  sandbox: SandboxRequest;
}

function positiveInt(text: string, onError: (message: string) => Error, what: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw onError(`${what} must be a whole number of seconds above 0, got '${text}'`);
  }
  return value;
}

/** Turns flags, environment and `.healrc.yaml` into typed options, once, at the boundary. */
export async function normalizeBuildOptions(flags: BuildFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<NormalizedBuild> {
  const dir = await resolveCwdFlag(flags.cwd, cwd);
  const { git, config } = await openRepository(dir, flags.config, cwd);
  const project = await findProjectPath(git.root, await realpath(dir));
  let timeoutSec = config.build.timeout_sec;
  if (env.BUILD_TIMEOUT_SEC !== undefined && env.BUILD_TIMEOUT_SEC !== '') {
    timeoutSec = positiveInt(env.BUILD_TIMEOUT_SEC, (message) => new ConfigError(message), 'BUILD_TIMEOUT_SEC');
  }
  if (flags.timeout !== undefined) timeoutSec = positiveInt(flags.timeout, (message) => new UsageError(message), '--timeout');
  if (flags.commit !== undefined && flags.commit.trim() === '') throw new UsageError('--commit needs a ref, e.g. --commit HEAD~1');
  return {
    json: flags.json === true,
    sandbox: readSandboxRequest(flags.sandbox, env, config),
    options: {
      git,
      project,
      commit: flags.commit ?? null,
      config: { ...config.build, timeout_sec: timeoutSec },
      python: configuredPython(env, config),
      out: flags.out === undefined ? join(git.root, '.heal', 'build_report.json') : resolve(cwd, flags.out),
      metrics: flags.metrics === undefined ? null : resolve(cwd, flags.metrics),
      explain: flags.explain === true,
    },
  };
}
