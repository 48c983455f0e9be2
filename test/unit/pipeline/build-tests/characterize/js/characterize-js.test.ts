import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { characterizeJs, type CharacterizeJsInput, type ProbeFile } from '../../../../../../src/pipeline/build-tests/characterize/js/characterize-js.js';
import type { TestStyle } from '../../../../../../src/pipeline/build-tests/types.js';

const STYLE: TestStyle = {
  framework: 'vitest', language: 'ts', moduleStyle: 'esm', importsFramework: true, layout: { kind: 'folder', dir: 'test' },
  suffix: '.test.ts', importExtension: '.js', quote: '"', semicolons: true, example: null,
};

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function input(style: TestStyle = STYLE): CharacterizeJsInput {
  const root = mkdtempSync(join(tmpdir(), 'heal-characterize-js-'));
  roots.push(root);
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/a.ts'), 'export function good(n: number): number {\n  return n;\n}\n\nexport function bad(): number {\n  return 1;\n}\n');
  return {
    repoRoot: root,
    project: '.',
    targets: ['good', 'bad'].map((symbol) => ({ id: `src/a.ts::${symbol}`, path: 'src/a.ts', symbol, lineRange: [1, 3], uncoveredLines: [] })),
    style,
    testFileFor: () => 'test/a.heal.test.ts',
    importSpecifier: () => '../src/a.js',
    frameworkImport: 'import { describe, expect, it } from "vitest";',
    scratchDir: join(root, '.heal', 'scratch'),
  };
}

/** Answers a probe as if every call returned its index; a probe calling `bad()` fails to load. */
async function fakeProbe(probe: ProbeFile): Promise<{ json: string } | { error: string }> {
  if (probe.text.includes('() => bad()')) return { error: '\nReferenceError: window is not defined\n    at src/a.ts:6:3' };
  const records = [...probe.text.matchAll(/^ {2}\["([^"]+)", (\d+), \(\) =>/gm)].map((match) => [match[1], Number(match[2]), ['returned', ['n', Number(match[2])]]]);
  return { json: JSON.stringify(records) };
}

describe('characterizeJs', () => {
  it('isolates the target that breaks the shared probe and skips it with the first line of the error', async () => {
    const probes: Array<{ path: string; resultFile: string; calls: number }> = [];
    const outcome = await characterizeJs(input(), {
      runProbe: async (probe) => {
        probes.push({ path: probe.path, resultFile: probe.resultFile.slice(probe.resultFile.indexOf('.heal')), calls: (probe.text.match(/^ {2}\[/gm) ?? []).length });
        return fakeProbe(probe);
      },
    });
    expect(probes).toEqual([
      { path: 'test/a.heal-probe.test.ts', resultFile: '.heal/scratch/probe-1-run-1.json', calls: 6 },
      { path: 'test/a.heal-probe.test.ts', resultFile: '.heal/scratch/probe-2-run-1.json', calls: 5 },
      { path: 'test/a.heal-probe.test.ts', resultFile: '.heal/scratch/probe-2-run-2.json', calls: 5 },
      { path: 'test/a.heal-probe.test.ts', resultFile: '.heal/scratch/probe-3-run-1.json', calls: 1 },
    ]);
    expect(outcome.skipped).toEqual([{ targetId: 'src/a.ts::bad', reason: 'ReferenceError: window is not defined' }]);
    expect(outcome.files.map((file) => file.path)).toEqual(['test/a.heal.test.ts']);
    expect(outcome.files[0]?.tests.map((test) => test.name)).toEqual([
      'good > good(42) returns 0',
      'good > good(0) returns 1',
      'good > good(1) returns 2',
      'good > good(-1) returns 3',
      'good > good(1000000) returns 4',
    ]);
  });

  it('skips every target for mocha without reading or running anything', async () => {
    const outcome = await characterizeJs(input({ ...STYLE, framework: 'mocha' }), {
      runProbe: () => Promise.reject(new Error('must not run')),
    });
    expect(outcome).toEqual({
      files: [],
      skipped: [
        { targetId: 'src/a.ts::good', reason: 'mocha is not supported by the builtin engine' },
        { targetId: 'src/a.ts::bad', reason: 'mocha is not supported by the builtin engine' },
      ],
    });
  });
});
