import { describe, expect, it } from 'vitest';
import { BuildConfig } from '../../../src/config/schema.js';
import { planBuild } from '../../../src/pipeline/build/plan-build.js';
import type { PlannedStep, ProjectFacts, ToolDefinition, ToolchainDefinition } from '../../../src/toolchains/types.js';

function facts(overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    dir: '/repo',
    relativeDir: '.',
    rootEntries: new Set(['package.json']),
    packageJson: { name: 'demo' },
    pythonConfigs: new Map(),
    nodeBins: new Set(),
    pathCommands: new Set(['npm']),
    python: null,
    nodeVersion: '20.20.0',
    ...overrides,
  };
}

function tool(id: ToolDefinition['id'], kind: ToolDefinition['kind'], applies = true): ToolDefinition {
  const step: PlannedStep = { kind, tool: id, main: { command: { argv: [id, 'run'] } }, after: [], missing: null };
  return { id, kind, plan: () => (applies ? step : null), parse: () => ({}) };
}

const node: ToolchainDefinition = {
  id: 'node',
  detect: (project) => project.rootEntries.has('package.json'),
  describe: () => ({ id: 'node', root: '.', package_manager: 'npm', test_runner: 'vitest', interpreter: null }),
  tools: [tool('npm', 'install'), tool('tsc', 'typecheck'), tool('eslint', 'lint'), tool('biome', 'lint'), tool('vitest', 'test'), tool('jest', 'test')],
};

const config = (raw: unknown = {}) => BuildConfig.parse(raw);
const context = { outDir: '/repo/.heal/builds/1/out' };

describe('planBuild', () => {
  it('orders steps install, typecheck, lint, test; all linters but one test runner', () => {
    const plan = planBuild(facts(), config(), context, [node]);
    expect(plan.problem).toBeNull();
    expect(plan.steps.map((step) => `${step.kind}:${step.tool}`)).toEqual([
      'install:npm', 'typecheck:tsc', 'lint:eslint', 'lint:biome', 'test:vitest',
    ]);
  });

  it('skips install when node_modules is present, unless install is always', () => {
    const present = facts({ rootEntries: new Set(['package.json', 'node_modules']) });
    expect(planBuild(present, config(), context, [node]).steps[0]?.skip).toBe('dependencies already installed');
    expect(planBuild(present, config({ install: 'always' }), context, [node]).steps[0]?.skip).toBeNull();
    expect(planBuild(facts(), config({ install: 'never' }), context, [node]).steps[0]?.skip).toBe('install: never (config)');
  });

  it('applies overrides: disabled steps, extra args, custom commands', () => {
    const plan = planBuild(
      facts(),
      config({ steps: { lint: { enabled: false }, test: { args: ['--project', 'unit'] }, typecheck: { command: 'npm run types' } } }),
      context,
      [node],
    );
    expect(plan.steps.map((step) => step.tool)).toEqual(['npm', 'custom', 'vitest']);
    expect(plan.steps[1]?.main.command).toEqual({ shell: 'npm run types' });
    expect(plan.steps[2]?.main.command).toEqual({ argv: ['vitest', 'run', '--project', 'unit'] });
  });

  it('reports a problem when no toolchain applies or package.json is broken', () => {
    const none = planBuild(facts({ rootEntries: new Set(['README.md']) }), config(), context, [node]);
    expect(none.problem).toMatch(/^no Node or Python project found in \./);
    const broken = planBuild(facts({ packageJson: null }), config(), context, [node]);
    expect(broken.problem).toBe('package.json is not valid JSON: fix it, then run heal build again');
  });
});
