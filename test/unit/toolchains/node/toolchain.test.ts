import { describe, expect, it } from 'vitest';
import { nodeToolchain } from '../../../../src/toolchains/node/index.js';
import { CONTEXT, makeFacts } from './facts.js';

describe('nodeToolchain', () => {
  it('detects projects with a package.json', () => {
    expect(nodeToolchain.detect(makeFacts())).toBe(true);
    expect(nodeToolchain.detect(makeFacts({ packageJson: null }))).toBe(false);
  });

  it('describes the package manager and test runner', () => {
    const facts = makeFacts({
      packageJson: { name: 'a', packageManager: 'pnpm@9.1.0', scripts: { test: 'vitest run' }, devDependencies: { vitest: '4' } },
    });
    expect(nodeToolchain.describe(facts)).toEqual({
      id: 'node',
      root: '.',
      package_manager: 'pnpm',
      test_runner: 'vitest',
      interpreter: null,
    });
    expect(nodeToolchain.describe(makeFacts({ packageJson: { scripts: { test: 'node --test' } } })).test_runner).toBe('node-test');
  });

  it('lists tools in step order', () => {
    const order = ['install', 'typecheck', 'lint', 'format', 'test'];
    const kinds = nodeToolchain.tools.map((tool) => order.indexOf(tool.kind));
    expect(kinds).toEqual([...kinds].sort((a, b) => a - b));
  });

  it('plans a full TypeScript + vitest + eslint + prettier project', () => {
    const facts = makeFacts({
      packageJson: {
        name: 'app',
        scripts: { test: 'vitest run' },
        devDependencies: { vitest: '4', '@vitest/coverage-v8': '4', typescript: '5', eslint: '9', prettier: '3' },
      },
      rootEntries: ['package-lock.json', 'tsconfig.json', 'eslint.config.js', '.prettierrc.json'],
      nodeBins: ['vitest', 'tsc', 'eslint', 'prettier'],
    });
    const planned = nodeToolchain.tools.flatMap((tool) => {
      const step = tool.plan(facts, CONTEXT);
      return step ? [`${step.kind}:${step.tool}`] : [];
    });
    expect(planned).toEqual(['install:npm', 'typecheck:tsc', 'lint:eslint', 'format:prettier', 'test:vitest']);
  });
});
