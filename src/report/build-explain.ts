import type { ChalkInstance } from 'chalk';
import { formatCommand } from '../adapters/process-runner.js';
import type { Toolchain } from '../artefacts/build-report.js';
import type { BuildPlan } from '../pipeline/build/plan-build.js';

/** What `heal build --explain` shows: detection and the exact commands, nothing run. */
export interface BuildExplanation {
  kind: 'build_explain';
  project_dir: string;
  problem: string | null;
  toolchains: Toolchain[];
  steps: Array<{
    kind: string;
    tool: string;
    command: string;
    env: Record<string, string>;
    after: string[];
    /** Files heal writes before running the step (e.g. its node:test reporter), by path: their contents. */
    files: Record<string, string>;
    /** run, skip (with reason) or missing (the tool is not installed: the build would ERROR). */
    action: 'run' | 'skip' | 'missing';
    reason: string | null;
  }>;
}

/** Pure: the explanation for a plan. */
export function explainPlan(plan: BuildPlan, projectDir: string): BuildExplanation {
  return {
    kind: 'build_explain',
    project_dir: projectDir,
    problem: plan.problem,
    toolchains: plan.toolchains,
    steps: plan.steps.map((step) => ({
      kind: step.kind,
      tool: step.tool,
      command: formatCommand(step.main.command),
      env: step.main.env ?? {},
      after: step.after.map((after) => formatCommand(after.command)),
      files: Object.assign({}, step.main.writeFiles, ...step.after.map((after) => after.writeFiles ?? {})),
      action: step.skip ? 'skip' : step.missing ? 'missing' : 'run',
      reason: step.skip ?? step.missing,
    })),
  };
}

function describeToolchain(toolchain: Toolchain): string {
  const parts = [toolchain.package_manager, toolchain.test_runner, toolchain.interpreter].filter(Boolean);
  return `${toolchain.id}${parts.length > 0 ? ` (${parts.join(', ')})` : ''} in ${toolchain.root}`;
}

export function renderExplanation(explanation: BuildExplanation, style: ChalkInstance): string {
  const lines = [`${style.bold('heal build --explain')} ${style.dim('(nothing was run)')}`];
  if (explanation.problem) return `${[...lines, `${style.red('cannot build:')} ${explanation.problem}`].join('\n')}\n`;
  lines.push(...explanation.toolchains.map((toolchain) => `${style.bold('Detected')} ${describeToolchain(toolchain)}`));
  lines.push(style.bold('Steps'));
  for (const step of explanation.steps) {
    const note = step.action === 'run' ? '' : style.yellow(` [${step.action}: ${step.reason ?? ''}]`);
    const env = Object.entries(step.env).map(([key, value]) => `${key}=${value} `).join('');
    lines.push(`  ${step.kind.padEnd(9)} ${step.tool.padEnd(9)}${note}`, `    $ ${env}${step.command}`);
    lines.push(...step.after.map((after) => `    $ ${after}`));
    lines.push(...Object.keys(step.files).map((path) => style.dim(`    (writes ${path} first)`)));
  }
  return `${lines.join('\n')}\n`;
}
