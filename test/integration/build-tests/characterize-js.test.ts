import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { characterizeJs, type RunProbe } from '../../../src/pipeline/build-tests/characterize/js/characterize-js.js';
import type { CharacterizeOutcome, CharacterizeTarget, TestStyle } from '../../../src/pipeline/build-tests/types.js';
import { createFixtureRepo, type FixtureRepo } from '../../helpers/fixture-repo.js';

const repos: FixtureRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function run(cwd: string, argv: string[]): { status: number | null; output: string } {
  const [command = '', ...args] = argv;
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: '1' }, timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A RunProbe that writes the probe, runs `argv + [probe path]` in the repository, reads the results and deletes the probe. */
function probeRunner(dir: string, argv: string[]): RunProbe {
  return async (probe) => {
    const file = join(dir, probe.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, probe.text);
    try {
      const result = run(dir, [...argv, probe.path]);
      try {
        return { json: readFileSync(probe.resultFile, 'utf8') };
      } catch {
        return { error: `the probe wrote no results\n${result.output}` };
      }
    } finally {
      rmSync(file, { force: true });
    }
  };
}

function targetsOf(...ids: string[]): CharacterizeTarget[] {
  return ids.map((id) => {
    const [path = '', symbol = ''] = id.split('::');
    return { id, path, symbol, lineRange: [1, 1], uncoveredLines: [] };
  });
}

function style(overrides: Partial<TestStyle>): TestStyle {
  return {
    framework: 'vitest', language: 'ts', moduleStyle: 'esm', importsFramework: true, layout: { kind: 'folder', dir: 'test' },
    suffix: '.test.ts', importExtension: '.js', quote: '"', semicolons: true, example: null, ...overrides,
  };
}

async function characterize(repo: FixtureRepo, testStyle: TestStyle, frameworkImport: string | null, targets: CharacterizeTarget[], runProbe: RunProbe): Promise<CharacterizeOutcome> {
  return characterizeJs(
    {
      repoRoot: repo.dir,
      project: '.',
      targets,
      style: testStyle,
      testFileFor: (source) => `test/${posix.basename(source).replace(/\.[jt]s$/, '')}.heal${testStyle.suffix}`,
      importSpecifier: (testFile, source) => {
        const relative = posix.relative(posix.dirname(testFile), source);
        return testStyle.importExtension === '' ? relative.replace(/\.[jt]s$/, '') : relative.replace(/\.ts$/, '.js');
      },
      frameworkImport,
      scratchDir: join(repo.dir, '.heal', 'scratch'),
    },
    { runProbe },
  );
}

function writeFiles(repo: FixtureRepo, outcome: CharacterizeOutcome): string[] {
  for (const file of outcome.files) writeFileSync(join(repo.dir, file.path), file.text);
  return outcome.files.map((file) => file.path);
}

/** Names as vitest and jest report them in their JSON reports: describe titles and the test title joined by " > ". */
function reportedNames(report: string): string[] {
  const parsed: { testResults: Array<{ assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string }> }> } = JSON.parse(report);
  return parsed.testResults.flatMap((file) => file.assertionResults.map((test) => `${[...test.ancestorTitles, test.title].join(' > ')} [${test.status}]`)).sort();
}

describe('characterizeJs on real repositories', () => {
  it('writes passing vitest tests for TypeScript, reaching percent >= 100 through the mined constant', async () => {
    const repo = createFixtureRepo('ts-vitest-green-partial-coverage');
    repos.push(repo);
    const outcome = await characterize(repo, style({}), 'import { describe, expect, it } from "vitest";', targetsOf('src/price.ts::applyDiscount', 'src/money.ts::parseCents'), probeRunner(repo.dir, ['node_modules/.bin/vitest', 'run']));
    expect(outcome.skipped).toEqual([]);
    expect(outcome.files.map((file) => file.path)).toEqual(['test/money.heal.test.ts', 'test/price.heal.test.ts']);
    const names = outcome.files.flatMap((file) => file.tests.map((test) => test.name));
    expect(names).toContain('applyDiscount > applyDiscount(42, 100) returns 0');
    expect(names).toContain('parseCents > parseCents("1.1") returns 110');
    expect(names).toContain('parseCents > parseCents("") throws Error: Not a price:');
    const paths = writeFiles(repo, outcome);
    const result = run(repo.dir, ['node_modules/.bin/vitest', 'run', '--reporter=json', '--outputFile=report.json', ...paths]);
    expect(result.status, result.output).toBe(0);
    expect(reportedNames(readFileSync(join(repo.dir, 'report.json'), 'utf8'))).toEqual(names.map((name) => `${name} [passed]`).sort());
  });

  it('writes passing node:test tests for plain ESM JavaScript', async () => {
    const repo = createFixtureRepo('js-node-test-zero-deps');
    repos.push(repo);
    const testStyle = style({ framework: 'node-test', language: 'js', suffix: '.test.js' });
    const frameworkImport = 'import { describe, it } from "node:test";\nimport assert from "node:assert/strict";';
    const targets = targetsOf('src/cart.js::applyDiscount', 'src/cart.js::totalCents', 'src/cart.js::createCart', 'src/format.js::formatPrice', 'src/format.js::formatLine');
    const outcome = await characterize(repo, testStyle, frameworkImport, targets, probeRunner(repo.dir, ['node', '--test']));
    expect(outcome.skipped).toEqual([]);
    const names = outcome.files.flatMap((file) => file.tests.map((test) => test.name));
    expect(names).toContain('applyDiscount > applyDiscount(2500, "FIVEOFF") returns 2000');
    expect(names).toContain('createCart > createCart() returns { lines: [] }');
    const paths = writeFiles(repo, outcome);
    const result = run(repo.dir, ['node', '--test', '--test-reporter=tap', ...paths]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`# pass ${names.length}\n`);
    expect(result.output).toContain('# fail 0\n');
  });

  it('writes passing jest tests for CommonJS with globals, and says why it skips what it cannot call', async () => {
    const repo = createFixtureRepo('js-jest-partial-coverage');
    repos.push(repo);
    const testStyle = style({ framework: 'jest', language: 'js', moduleStyle: 'cjs', importsFramework: false, suffix: '.test.js', importExtension: '' });
    const targets = targetsOf('src/sku.js::parseSku', 'src/sku.js::formatSku', 'src/inventory.js::removeStock', 'src/inventory.js::missing');
    const outcome = await characterize(repo, testStyle, null, targets, probeRunner(repo.dir, ['node_modules/.bin/jest', '--coverage=false']));
    expect(outcome.skipped).toEqual([{ targetId: 'src/inventory.js::missing', reason: 'no export named missing' }]);
    expect(outcome.files[0]?.text.split('\n').slice(0, 3)).toEqual([
      '// Characterization tests written by heal build-tests: they pin down what the code does today.',
      'const { removeStock } = require("../src/inventory");',
      '',
    ]);
    const names = outcome.files.flatMap((file) => file.tests.map((test) => test.name));
    expect(names).toContain('parseSku > parseSku("Hello, World") throws Error: malformed SKU: Hello, World');
    expect(names).toContain('parseSku > parseSku("AAA-1111") returns { category: "AAA", number: 1111 }');
    const paths = writeFiles(repo, outcome);
    const result = run(repo.dir, ['node_modules/.bin/jest', '--coverage=false', '--json', '--outputFile=report.json', ...paths]);
    expect(result.status, result.output).toBe(0);
    expect(reportedNames(readFileSync(join(repo.dir, 'report.json'), 'utf8'))).toEqual(names.map((name) => `${name} [passed]`).sort());
  });
});
