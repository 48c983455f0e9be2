import { join, resolve } from 'node:path';
import { readArtefact } from '../artefacts/artefact-io.js';
import { TestSpec } from '../artefacts/testspec.js';
import type { BuildTestsOptions } from '../commands/build-tests.js';
import type { ModelSettings } from '../model/model-config.js';
import { checkEngineFlag, resolveEngineModel } from './engine-flag.js';
import { configuredPython, openRepository, resolveCwdFlag } from './open-repository.js';
import { positiveNumber } from './parse-number.js';
import type { SandboxRequest } from '../pipeline/sandbox-choice.js';
import { readSandboxRequest } from './sandbox-flag.js';

/** `heal build-tests` flags as commander hands them over. */
export interface BuildTestsFlags {
  cwd?: string;
  /** false when --no-sandbox was given. */
  sandbox?: boolean;
  spec?: string;
  engine?: string;
  attempts?: string;
  model?: string;
  baseUrl?: string;
  timeout?: string;
  out?: string;
  json?: boolean;
  metrics?: string;
  config?: string;
}

export interface NormalizedBuildTests {
  options: BuildTestsOptions;
  json: boolean;
  /** The sandbox the user asked for (config, HEAL_SANDBOX, --no-sandbox). */
  sandbox: SandboxRequest;
  model: { settings: ModelSettings; deadlineMs: number } | null;
}

/** Turns flags, environment and `.healrc.yaml` into typed options, once, at the boundary. */
export async function normalizeBuildTestsOptions(flags: BuildTestsFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<NormalizedBuildTests> {
  const dir = await resolveCwdFlag(flags.cwd, cwd);
  const attempts = positiveNumber(flags.attempts, '--attempts', true) ?? 2;
  const timeoutSec = positiveNumber(flags.timeout, '--timeout', true) ?? 1800;
  checkEngineFlag(flags.engine);
  const { git, config } = await openRepository(dir, flags.config, cwd);
  const specFile = flags.spec === undefined ? join(git.root, '.heal', 'testspec.json') : resolve(cwd, flags.spec);
  const spec = await readArtefact(specFile, TestSpec, 'testspec');
  const settings = resolveEngineModel(flags, config.model, env, 'build-tests', '--engine builtin (the default without a model) writes characterization tests offline');
  const model = settings ? { settings, deadlineMs: Date.now() + timeoutSec * 1000 } : null;
  return {
    json: flags.json === true,
    sandbox: readSandboxRequest(flags.sandbox, env, config),
    model,
    options: {
      git,
      spec,
      build: config.build,
      python: configuredPython(env, config),
      engine: model ? 'model' : 'builtin',
      model: model?.settings ?? null,
      attempts,
      timeoutSec,
      out: flags.out === undefined ? join(git.root, '.heal', 'generated_tests.json') : resolve(cwd, flags.out),
      metrics: flags.metrics === undefined ? null : resolve(cwd, flags.metrics),
    },
  };
}
