import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readArtefact } from '../artefacts/artefact-io.js';
import { BuildReport } from '../artefacts/build-report.js';
import type { FixOptions } from '../commands/fix.js';
import type { ModelSettings } from '../model/model-config.js';
import { checkEngineFlag, resolveEngineModel } from './engine-flag.js';
import { findProjectPath } from '../pipeline/build/find-project.js';
import { configuredPython, openRepository, resolveCwdFlag } from './open-repository.js';
import { positiveNumber } from './parse-number.js';
import type { SandboxRequest } from '../pipeline/sandbox-choice.js';
import { readSandboxRequest } from './sandbox-flag.js';

/** `heal fix` flags as commander hands them over. */
export interface FixFlags {
  cwd?: string;
  /** false when --no-sandbox was given. */
  sandbox?: boolean;
  report?: string;
  maxIterations?: string;
  engine?: string;
  model?: string;
  baseUrl?: string;
  apply?: boolean;
  timeout?: string;
  out?: string;
  json?: boolean;
  metrics?: string;
  config?: string;
}

export interface NormalizedFix {
  options: FixOptions;
  json: boolean;
  /** The sandbox the user asked for (config, HEAL_SANDBOX, --no-sandbox). */
  sandbox: SandboxRequest;
  model: { settings: ModelSettings; deadlineMs: number } | null;
}

/** Turns flags, environment and `.healrc.yaml` into typed options, once, at the boundary. */
export async function normalizeFixOptions(flags: FixFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<NormalizedFix> {
  const dir = await resolveCwdFlag(flags.cwd, cwd);
  const maxIterations = positiveNumber(flags.maxIterations, '--max-iterations', true) ?? 5;
  const timeoutSec = positiveNumber(flags.timeout, '--timeout', true) ?? 1800;
  checkEngineFlag(flags.engine);
  const { git, config } = await openRepository(dir, flags.config, cwd);
  const project = await findProjectPath(git.root, await realpath(dir));
  const reportFile = flags.report === undefined ? null : resolve(cwd, flags.report);
  const report = reportFile === null ? null : { report: await readArtefact(reportFile, BuildReport, 'build report'), file: reportFile };
  const settings = resolveEngineModel(flags, config.model, env, 'fix', '--engine builtin (the default without a model) fixes with the offline rungs only');
  const model = settings ? { settings, deadlineMs: Date.now() + timeoutSec * 1000 } : null;
  return {
    json: flags.json === true,
    sandbox: readSandboxRequest(flags.sandbox, env, config),
    model,
    options: {
      git,
      report,
      project,
      build: config.build,
      python: configuredPython(env, config),
      policy: config.patch,
      model: model?.settings ?? null,
      maxIterations,
      apply: flags.apply === true,
      timeoutSec,
      out: flags.out === undefined ? join(git.root, '.heal', 'fix_report.json') : resolve(cwd, flags.out),
      metrics: flags.metrics === undefined ? null : resolve(cwd, flags.metrics),
    },
  };
}
