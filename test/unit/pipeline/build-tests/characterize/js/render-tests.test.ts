import { describe, expect, it } from 'vitest';
import type { JsValue, ObservedCall } from '../../../../../../src/pipeline/build-tests/characterize/js/js-values.js';
import { renderTests, type CharacterizedFunction } from '../../../../../../src/pipeline/build-tests/characterize/js/render-tests.js';
import type { TestStyle } from '../../../../../../src/pipeline/build-tests/types.js';

const num = (value: number): JsValue => ({ kind: 'number', value });
const str = (value: string): JsValue => ({ kind: 'string', value });

const STYLE: TestStyle = {
  framework: 'vitest', language: 'ts', moduleStyle: 'esm', importsFramework: true, layout: { kind: 'folder', dir: 'test' },
  suffix: '.test.ts', importExtension: '.js', quote: '"', semicolons: true, example: null,
};

const returned = (args: JsValue[], value: JsValue): ObservedCall => ({ args, outcome: { kind: 'returned', value } });
const threw = (args: JsValue[], name: string, message: string): ObservedCall => ({ args, outcome: { kind: 'threw', thrown: { isError: true, name, message } } });

const FORMAT: CharacterizedFunction = {
  targetId: 'src/money.ts::formatCents',
  symbol: 'formatCents',
  line: 2,
  calls: [returned([num(0)], str('$0.00')), returned([num(-0)], str('$0.00')), returned([num(1999)], str('$19.99'))],
};
const PARSE: CharacterizedFunction = {
  targetId: 'src/money.ts::parseCents',
  symbol: 'parseCents',
  line: 10,
  calls: [
    threw([str('')], 'Error', 'Not a price: '),
    { args: [str('x')], outcome: { kind: 'rejected', thrown: { isError: true, name: 'TypeError', message: "it's bad" } } },
    { args: [str('1')], outcome: { kind: 'resolved', value: { kind: 'map', entries: [[str('a'), num(Number.NaN)]] } } },
    threw([str('y')], 'Error', ''),
  ],
};

describe('renderTests', () => {
  it('writes vitest ESM with the framework import, one describe per function in source order, duplicates dropped', () => {
    const { text, tests } = renderTests({ style: STYLE, frameworkImport: 'import { describe, expect, it } from "vitest";', specifier: '../src/money.js', functions: [PARSE, FORMAT] });
    expect(text).toBe(`// Characterization tests written by heal build-tests: they pin down what the code does today.
import { describe, expect, it } from "vitest";
import { formatCents, parseCents } from "../src/money.js";

describe("formatCents", () => {
  it("formatCents(0) returns \\"$0.00\\"", () => {
    expect(formatCents(0)).toEqual("$0.00");
  });

  it("formatCents(1999) returns \\"$19.99\\"", () => {
    expect(formatCents(1999)).toEqual("$19.99");
  });
});

describe("parseCents", () => {
  it("parseCents(\\"\\") throws Error: Not a price:", () => {
    expect(() => parseCents("")).toThrow("Not a price: ");
  });

  it("parseCents(\\"x\\") rejects with TypeError: it's bad", async () => {
    await expect(parseCents("x")).rejects.toThrow("it's bad");
  });

  it("parseCents(\\"1\\") resolves to new Map([[\\"a\\", NaN]])", async () => {
    await expect(parseCents("1")).resolves.toEqual(new Map([["a", NaN]]));
  });

  it("parseCents(\\"y\\") throws Error", () => {
    expect(() => parseCents("y")).toThrow();
  });
});
`);
    expect(tests).toEqual([
      { name: 'formatCents > formatCents(0) returns "$0.00"', targetId: 'src/money.ts::formatCents', caseName: null },
      { name: 'formatCents > formatCents(1999) returns "$19.99"', targetId: 'src/money.ts::formatCents', caseName: null },
      { name: 'parseCents > parseCents("") throws Error: Not a price:', targetId: 'src/money.ts::parseCents', caseName: null },
      { name: "parseCents > parseCents(\"x\") rejects with TypeError: it's bad", targetId: 'src/money.ts::parseCents', caseName: null },
      { name: 'parseCents > parseCents("1") resolves to new Map([["a", NaN]])', targetId: 'src/money.ts::parseCents', caseName: null },
      { name: 'parseCents > parseCents("y") throws Error', targetId: 'src/money.ts::parseCents', caseName: null },
    ]);
  });

  it('writes jest CommonJS on globals with single quotes and no semicolons', () => {
    const style: TestStyle = { ...STYLE, framework: 'jest', language: 'js', moduleStyle: 'cjs', importsFramework: false, quote: "'", semicolons: false };
    const { text } = renderTests({ style, frameworkImport: null, specifier: '../src/money', functions: [{ ...PARSE, calls: PARSE.calls.slice(0, 2) }] });
    expect(text).toBe(`// Characterization tests written by heal build-tests: they pin down what the code does today.
const { parseCents } = require('../src/money')

describe('parseCents', () => {
  it('parseCents("") throws Error: Not a price:', () => {
    expect(() => parseCents('')).toThrow('Not a price: ')
  })

  it('parseCents("x") rejects with TypeError: it\\'s bad', async () => {
    await expect(parseCents('x')).rejects.toThrow('it\\'s bad')
  })
})
`);
  });

  it('writes node:test with describe/it and node:assert, adding assert when the framework import lacks it', () => {
    const style: TestStyle = { ...STYLE, framework: 'node-test', language: 'js' };
    const calls = [returned([{ kind: 'object', entries: [['a', { kind: 'undefined' }]], isNullProto: true }], num(-0)), threw([num(1)], 'RangeError', 'no'), PARSE.calls[2] ?? returned([], num(0))];
    const { text, tests } = renderTests({ style, frameworkImport: 'import { describe, it } from "node:test";', specifier: '../src/a.js', functions: [{ targetId: 'src/a.js::f', symbol: 'f', line: 1, calls }] });
    expect(text).toBe(`// Characterization tests written by heal build-tests: they pin down what the code does today.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { f } from "../src/a.js";

describe("f", () => {
  it("f(Object.assign(Object.create(null), { a: undefined })) returns -0", () => {
    assert.deepStrictEqual(f(Object.assign(Object.create(null), { a: undefined })), -0);
  });

  it("f(1) throws RangeError: no", () => {
    assert.throws(() => f(1), { message: "no" });
  });

  it("f(\\"1\\") resolves to new Map([[\\"a\\", NaN]])", async () => {
    assert.deepStrictEqual(await f("1"), new Map([["a", NaN]]));
  });
});
`);
    expect(tests.map((test) => test.name)).toEqual([
      'f > f(Object.assign(Object.create(null), { a: undefined })) returns -0',
      'f > f(1) throws RangeError: no',
      'f > f("1") resolves to new Map([["a", NaN]])',
    ]);
  });

  it('keeps titles to 100 characters and unique within a describe', () => {
    const long = 'x'.repeat(120);
    const calls = [returned([str(long)], num(1)), returned([str(`${long}y`)], num(2)), returned([str(`${long}z`)], num(3))];
    const { tests } = renderTests({ style: STYLE, frameworkImport: null, specifier: './a.js', functions: [{ targetId: 'a.ts::f', symbol: 'f', line: 1, calls }] });
    const titles = tests.map((test) => test.name.slice('f > '.length));
    expect(titles.map((title) => title.length)).toEqual([100, 100, 100]);
    expect(titles[0]).toBe(`f("${'x'.repeat(96)}…`);
    expect(titles[1]).toBe(`f("${'x'.repeat(93)}… #2`);
    expect(titles[2]).toBe(`f("${'x'.repeat(93)}… #3`);
  });
});
