import { runInThisContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { probePathFor, renderProbe } from '../../../../../../src/pipeline/build-tests/characterize/js/render-probe.js';
import type { TestStyle } from '../../../../../../src/pipeline/build-tests/types.js';

const STYLE: TestStyle = {
  framework: 'jest', language: 'js', moduleStyle: 'cjs', importsFramework: false, layout: { kind: 'folder', dir: 'test' },
  suffix: '.test.js', importExtension: '', quote: "'", semicolons: false, example: null,
};

describe('probePathFor', () => {
  it('puts the probe beside the heal test file, ".heal" becoming ".heal-probe"', () => {
    expect(probePathFor('test/money.heal.test.ts', '.test.ts')).toBe('test/money.heal-probe.test.ts');
    expect(probePathFor('src/money.heal-2.spec.js', '.spec.js')).toBe('src/money.heal-probe-2.spec.js');
    expect(probePathFor('money.test.mjs', '.test.mjs')).toBe('money.heal-probe.test.mjs');
  });
});

describe('renderProbe', () => {
  it('writes a CommonJS jest probe that calls every planned call and writes the outcomes', async () => {
    const text = renderProbe({
      style: STYLE,
      frameworkImport: null,
      specifier: '../src/sku',
      resultFile: '/tmp/heal/probe-1-run-1.json',
      targets: [{ targetId: 'src/sku.js::parseSku', symbol: 'parseSku', calls: [[{ kind: 'string', value: 'AAA-1111' }], []] }],
    });
    expect(text.split('\n').slice(0, 4)).toEqual([
      '// @ts-nocheck',
      '// heal build-tests probe: records what the functions below do; heal deletes this file.',
      'const { writeFileSync: healWriteFileSync } = require("node:fs");',
      'const { parseSku } = require("../src/sku");',
    ]);
    expect(text).toContain('const healCalls = [\n  ["src/sku.js::parseSku", 0, () => parseSku("AAA-1111")],\n  ["src/sku.js::parseSku", 1, () => parseSku()],\n];');
    expect(text).toContain('healWriteFileSync("/tmp/heal/probe-1-run-1.json", JSON.stringify(healResults));\n  }\n}, 14000);');
    // Run it with stand-ins for jest, the module and the file system.
    const written: string[] = [];
    let probe: (() => Promise<void>) | undefined;
    const sandboxed: (require: (id: string) => unknown, it: (name: string, fn: () => Promise<void>) => void) => void = runInThisContext(`(function (require, it) {\n${text}\n})`);
    const parseSku = (sku?: string) => {
      if (sku === undefined) throw new TypeError('no sku');
      return { category: sku.slice(0, 3) };
    };
    sandboxed(
      (id) => (id === 'node:fs' ? { writeFileSync: (_file: string, json: string) => written.push(json) } : { parseSku }),
      (_name, fn) => {
        probe = fn;
      },
    );
    await probe?.();
    expect(written.map((json) => JSON.parse(json))).toEqual([
      [
        ['src/sku.js::parseSku', 0, ['returned', ['o', [['category', ['s', 'AAA']]], false]]],
        ['src/sku.js::parseSku', 1, ['threw', ['e', 'TypeError', 'no sku']]],
      ],
    ]);
  });

  it('imports node:test itself and the framework import as given for ESM vitest', () => {
    const base = { specifier: './a.js', resultFile: '/r.json', targets: [{ targetId: 'a.ts::f', symbol: 'f', calls: [[]] }] };
    const nodeTest = renderProbe({ ...base, style: { ...STYLE, framework: 'node-test', moduleStyle: 'esm' }, frameworkImport: 'import { describe, it } from "node:test";' });
    expect(nodeTest.split('\n').slice(2, 5)).toEqual(['import { test as healTest } from "node:test";', 'import { writeFileSync as healWriteFileSync } from "node:fs";', 'import { f } from "./a.js";']);
    expect(nodeTest).toContain('healTest("heal probe", async () => {');
    expect(nodeTest.trimEnd().endsWith('\n});')).toBe(true);
    const vitest = renderProbe({ ...base, style: { ...STYLE, framework: 'vitest', moduleStyle: 'esm' }, frameworkImport: 'import { describe, expect, it } from "vitest";' });
    expect(vitest.split('\n')[2]).toBe('import { describe, expect, it } from "vitest";');
    expect(vitest).toContain('it("heal probe", async () => {');
  });
});
