import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PlanTestsOptions } from '../commands/plan-tests.js';
import { ConfigError, UsageError } from '../errors.js';
import type { ModelSettings } from '../model/model-config.js';
import { checkEngineFlag, resolveEngineModel } from './engine-flag.js';
import { openRepository, resolveCwdFlag } from './open-repository.js';

/** `heal plan-tests` flags as commander hands them over. */
export interface PlanTestsFlags {
  cwd?: string;
  report?: string;
  plan?: string;
  base?: string;
  force?: boolean;
  minCoverage?: string;
  maxTargets?: string;
  out?: string;
  json?: boolean;
  metrics?: string;
  config?: string;
  engine?: string;
  model?: string;
  baseUrl?: string;
}

function parsePercent(text: string, onError: (message: string) => Error, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw onError(`${what} must be a percentage from 0 to 100, got '${text}'`);
  }
  return value;
}

/** The newest build_report.json heal wrote under `.heal/` (the default or a per-build copy). */
async function findLatestReport(healDir: string): Promise<string> {
  const builds = await readdir(join(healDir, 'builds')).catch(() => []);
  const candidates = [join(healDir, 'build_report.json'), ...builds.map((name) => join(healDir, 'builds', name, 'build_report.json'))];
  const dated = await Promise.all(candidates.map(async (file) => ({ file, time: (await stat(file).catch(() => null))?.mtimeMs ?? -1 })));
  const newest = dated.sort((a, b) => b.time - a.time)[0];
  return newest && newest.time >= 0 ? newest.file : join(healDir, 'build_report.json');
}

/** Turns flags, MIN_LINE_COV and `.healrc.yaml` into typed options, once, at the boundary. */
export async function normalizePlanTestsOptions(
  flags: PlanTestsFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ options: PlanTestsOptions; json: boolean; model: ModelSettings | null }> {
  const { git, config } = await openRepository(await resolveCwdFlag(flags.cwd, cwd), flags.config, cwd);
  let minCoverage = config.plan_tests.min_coverage;
  if (env.MIN_LINE_COV !== undefined && env.MIN_LINE_COV !== '') {
    minCoverage = parsePercent(env.MIN_LINE_COV, (message) => new ConfigError(message), 'MIN_LINE_COV');
  }
  if (flags.minCoverage !== undefined) minCoverage = parsePercent(flags.minCoverage, (message) => new UsageError(message), '--min-coverage');
  let maxTargets = config.plan_tests.max_targets;
  if (flags.maxTargets !== undefined) {
    maxTargets = Number(flags.maxTargets);
    if (!/^\d+$/.test(flags.maxTargets.trim()) || maxTargets < 1) throw new UsageError(`--max-targets must be a whole number above 0, got '${flags.maxTargets}'`);
  }
  if (flags.base !== undefined && flags.base.trim() === '') throw new UsageError('--base needs a ref, e.g. --base main');
  const healDir = join(git.root, '.heal');
  checkEngineFlag(flags.engine);
  const model = resolveEngineModel(flags, config.model, env, 'plan-tests', '--engine builtin (the default without a model)');
  return {
    json: flags.json === true,
    model,
    options: {
      git,
      reportFile: flags.report === undefined ? await findLatestReport(healDir) : resolve(cwd, flags.report),
      planFile: flags.plan === undefined ? null : resolve(cwd, flags.plan),
      base: flags.base ?? null,
      isForced: flags.force === true,
      minCoverage,
      maxTargets,
      out: flags.out === undefined ? join(healDir, 'testspec.json') : resolve(cwd, flags.out),
      metrics: flags.metrics === undefined ? null : resolve(cwd, flags.metrics),
    },
  };
}
