import type { StepKind, Toolchain } from '../../artefacts/build-report.js';
import type { BuildConfig, StepConfig } from '../../config/schema.js';
import type { PlanContext, PlannedStep, ProjectFacts, ToolchainDefinition } from '../../toolchains/types.js';

export const STEP_ORDER: readonly StepKind[] = ['install', 'typecheck', 'lint', 'format', 'test'];

/** Kinds where one tool per toolchain is enough; the others run every configured tool. */
const FIRST_TOOL_ONLY: ReadonlySet<StepKind> = new Set(['install', 'test']);

/** A planned step and, when it will not run, why. */
export interface PlanEntry extends PlannedStep {
  skip: string | null;
}

export interface BuildPlan {
  toolchains: Toolchain[];
  steps: PlanEntry[];
  /** Set when there is nothing heal can build: the build ERRORS with this message. */
  problem: string | null;
}

function customStep(kind: StepKind, command: string): PlannedStep {
  return { kind, tool: 'custom', main: { command: { shell: command } }, after: [], missing: null };
}

function withArgs(step: PlannedStep, args: readonly string[]): PlannedStep {
  if (args.length === 0) return step;
  const command = step.main.command;
  const extended =
    'shell' in command ? { shell: [command.shell, ...args].join(' ') } : { argv: [...command.argv, ...args] as [string, ...string[]] };
  return { ...step, main: { ...step.main, command: extended } };
}

function installSkipReason(facts: ProjectFacts, config: BuildConfig): string | null {
  if (config.install === 'never') return 'install: never (config)';
  if (config.install === 'always') return null;
  return facts.rootEntries.has('node_modules') ? 'dependencies already installed' : null;
}

function stepsFor(kind: StepKind, toolchains: readonly ToolchainDefinition[], facts: ProjectFacts, context: PlanContext) {
  const steps: PlannedStep[] = [];
  for (const toolchain of toolchains) {
    for (const tool of toolchain.tools.filter((candidate) => candidate.kind === kind)) {
      const step = tool.plan(facts, context);
      if (!step) continue;
      steps.push(step);
      if (FIRST_TOOL_ONLY.has(kind)) break;
    }
  }
  return steps;
}

function planKind(
  kind: StepKind,
  override: StepConfig | undefined,
  toolchains: readonly ToolchainDefinition[],
  facts: ProjectFacts,
  context: PlanContext,
  config: BuildConfig,
): PlanEntry[] {
  if (override?.enabled === false) return [];
  const skip = kind === 'install' ? installSkipReason(facts, config) : null;
  if (override?.command) return [{ ...customStep(kind, override.command), skip }];
  return stepsFor(kind, toolchains, facts, context).map((step) => ({ ...withArgs(step, override?.args ?? []), skip }));
}

/**
 * Pure: decides which toolchains apply and the exact commands of every step, in order
 * install → typecheck → lint → format → test, with the user's overrides applied.
 */
export function planBuild(
  facts: ProjectFacts,
  config: BuildConfig,
  context: PlanContext,
  registry: readonly ToolchainDefinition[],
): BuildPlan {
  if (facts.rootEntries.has('package.json') && facts.packageJson === null) {
    return { toolchains: [], steps: [], problem: 'package.json is not valid JSON: fix it, then run heal build again' };
  }
  const toolchains = registry.filter((toolchain) => toolchain.detect(facts));
  if (toolchains.length === 0) {
    return {
      toolchains: [],
      steps: [],
      problem: `no Node or Python project found in ${facts.relativeDir} (expected package.json, pyproject.toml, setup.py, setup.cfg or requirements.txt)`,
    };
  }
  const steps = STEP_ORDER.flatMap((kind) => planKind(kind, config.steps[kind], toolchains, facts, context, config));
  return { toolchains: toolchains.map((toolchain) => toolchain.describe(facts)), steps, problem: null };
}
