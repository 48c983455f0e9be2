import { describe, expect, it } from 'vitest';
import type { PlannedStep } from '../../../../src/toolchains/types.js';
import { canNameTests, focusTestStep, nodeTestNamePattern } from '../../../../src/pipeline/fix/localise/focus-tests.js';

const nodeTest = (argv: [string, ...string[]]): PlannedStep => ({
  kind: 'test',
  tool: 'node-test',
  main: { command: { argv }, outputs: { events: 'out/node-test.jsonl', lcov: 'out/lcov.info' } },
  after: [],
  missing: null,
});

const REPORTERS = ['--test-reporter=./out/r.mjs', '--test-reporter-destination=out/node-test.jsonl', '--experimental-test-coverage', '--test-reporter=lcov', '--test-reporter-destination=out/lcov.info'];
const argvOf = (step: PlannedStep | null) => (step && 'argv' in step.main.command ? step.main.command.argv : null);
const nested = { file: 'test/shipping.test.js', name: 'parcelClass > calls parcels of 20 kg and more heavy' };

describe('node:test by name', () => {
  it('is nameable', () => {
    expect(canNameTests('node-test')).toBe(true);
  });

  it('puts a title pattern before the test file, in place of the script\'s own paths, keeping coverage', () => {
    const step = focusTestStep(nodeTest(['node', '--test', ...REPORTERS, '--import', 'tsx', 'test/']), [nested], { names: true, coverage: true });
    expect(argvOf(step)).toEqual(['node', '--test', ...REPORTERS, '--import', 'tsx', '--test-name-pattern=^(?:calls parcels of 20 kg and more heavy)$', 'test/shipping.test.js']);
    expect(step?.main.outputs).toEqual({ events: 'out/node-test.jsonl', lcov: 'out/lcov.info' });
  });

  it('matches suites and title joined by spaces when asked for the path (Node 22+)', () => {
    const step = focusTestStep(nodeTest(['node', '--test', ...REPORTERS]), [nested], { names: true, coverage: false, nodeNames: 'path' });
    expect(argvOf(step)?.slice(-2)).toEqual(['--test-name-pattern=^(?:parcelClass calls parcels of 20 kg and more heavy)$', 'test/shipping.test.js']);
  });

  it('escapes regular-expression characters and joins several tests, each file once', () => {
    const tests = [
      { file: 'test/a.test.js', name: 'price (in cents) > rounds 0.5 up?' },
      { file: 'test/a.test.js', name: 'top-level [x]' },
      { file: 'test/b.test.js', name: 'other > rounds 0.5 up?' },
    ];
    expect(nodeTestNamePattern(tests, 'title')).toBe('^(?:rounds 0\\.5 up\\?|top-level \\[x\\])$');
    expect(nodeTestNamePattern(tests, 'path')).toBe('^(?:price \\(in cents\\) rounds 0\\.5 up\\?|top-level \\[x\\]|other rounds 0\\.5 up\\?)$');
    expect(argvOf(focusTestStep(nodeTest(['node', '--test']), tests, { names: true, coverage: false }))?.slice(-2)).toEqual(['test/a.test.js', 'test/b.test.js']);
    expect(new RegExp(nodeTestNamePattern(tests, 'title')).test('rounds 0.5 up?')).toBe(true);
    expect(new RegExp(nodeTestNamePattern(tests, 'title')).test('rounds 015 up')).toBe(false);
  });

  it('drops the script\'s own name patterns, which node would OR with heal\'s, and keeps its skip patterns', () => {
    const step = focusTestStep(nodeTest(['node', '--test', '--test-name-pattern', 'fast', '--test-name-pattern=unit', '--test-skip-pattern=slow', 'test/']), [nested], { names: true, coverage: false });
    expect(argvOf(step)).toEqual(['node', '--test', '--test-skip-pattern=slow', '--test-name-pattern=^(?:calls parcels of 20 kg and more heavy)$', 'test/shipping.test.js']);
    const byFile = focusTestStep(nodeTest(['node', '--test', '--test-name-pattern', 'fast', 'test/']), [nested], { names: false, coverage: false });
    expect(argvOf(byFile)).toEqual(['node', '--test', '--test-name-pattern', 'fast', 'test/shipping.test.js']);
  });

  it('narrows under c8 too, where node is not the program', () => {
    const step = focusTestStep(nodeTest(['node_modules/.bin/c8', '--reporter=json', '--report-dir=out/coverage', 'node', '--test', '--test-reporter=./out/r.mjs']), [nested], { names: true, coverage: true });
    expect(argvOf(step)).toEqual(['node_modules/.bin/c8', '--reporter=json', '--report-dir=out/coverage', 'node', '--test', '--test-reporter=./out/r.mjs', '--test-name-pattern=^(?:calls parcels of 20 kg and more heavy)$', 'test/shipping.test.js']);
  });

  it('cannot narrow a shell line (a glob the shell expands)', () => {
    expect(focusTestStep({ ...nodeTest(['node']), main: { command: { shell: "node --test 'test/**/*.test.js'" } } }, [nested], { names: true, coverage: false })).toBeNull();
  });
});
