import { describe, expect, it } from 'vitest';
import type { FunctionSignature, MinedConstants, ParamSignature, ValueShape } from '../../../../../../src/pipeline/build-tests/characterize/js/js-values.js';
import { planCalls } from '../../../../../../src/pipeline/build-tests/characterize/js/plan-inputs.js';
import { renderArgs } from '../../../../../../src/pipeline/build-tests/characterize/js/render-value.js';

const NONE: MinedConstants = { strings: [], numbers: [] };

function param(name: string, shape: ValueShape, extra: Partial<ParamSignature> = {}): ParamSignature {
  return { name, shape, isOptional: false, mined: NONE, minedByProperty: {}, ...extra };
}

function plan(params: ParamSignature[], pool: MinedConstants = NONE): string[] {
  const signature: FunctionSignature = { targetId: 'src/a.ts::f', symbol: 'f', line: 1, isAsync: false, params, pool };
  return planCalls(signature).map((args) => `f(${renderArgs(args, '"')})`);
}

const NUMBER: ValueShape = { kind: 'number' };
const STRING: ValueShape = { kind: 'string' };
const UNKNOWN: ValueShape = { kind: 'unknown' };
const literal = (value: string): ValueShape => ({ kind: 'literal', value: { kind: 'string', value } });

describe('planCalls', () => {
  it('tries the literals a number is compared against, and one either side, before the usual numbers', () => {
    const percent = param('percent', NUMBER, { mined: { strings: [], numbers: [0, 100, -1, 99, 1, 101] } });
    expect(plan([param('amountCents', NUMBER), percent])).toEqual([
      'f(42, 0)',
      'f(42, 100)',
      'f(42, -1)',
      'f(42, 99)',
      'f(42, 1)',
      'f(42, 101)',
      'f(0, 0)',
      'f(1, 0)',
    ]);
  });

  it('starts from the mined literals of every parameter so that conditions joined by && can hold together', () => {
    const total = param('totalInCents', UNKNOWN, { mined: { strings: [], numbers: [2500, 2499, 2501] } });
    const code = param('code', UNKNOWN, { mined: { strings: ['SAVE10', 'FIVEOFF'], numbers: [] } });
    expect(plan([total, code])).toEqual([
      'f(2500, "SAVE10")',
      'f(2499, "SAVE10")',
      'f(2500, "FIVEOFF")',
      'f(2501, "SAVE10")',
      'f(2500, "Hello, World")',
      'f(42, "SAVE10")',
      'f(2500, "")',
      'f(0, "SAVE10")',
    ]);
  });

  it("gives a string parameter without literals of its own the function's strings first", () => {
    expect(plan([param('text', STRING)], { strings: ['1.1', '.'], numbers: [100] })).toEqual([
      'f("1.1")',
      'f(".")',
      'f("Hello, World")',
      'f("")',
      'f("a")',
      'f("héllo ✓")',
    ]);
  });

  it('calls with each literal of a union, nullish members last', () => {
    const mode: ValueShape = { kind: 'union', members: [{ kind: 'null' }, literal('fast'), literal('slow')] };
    expect(plan([param('mode', mode)])).toEqual(['f("fast")', 'f("slow")', 'f(null)']);
  });

  it('builds objects with every property, then without the optional ones, then with second values', () => {
    const shape: ValueShape = {
      kind: 'object',
      properties: [
        { name: 'name', shape: STRING, isOptional: false },
        { name: 'age', shape: NUMBER, isOptional: true },
      ],
    };
    expect(plan([param('person', shape)])).toEqual(['f({ name: "Hello, World", age: 42 })', 'f({ name: "Hello, World" })', 'f({ name: "", age: 0 })']);
  });

  it('builds arrays of one, none and three elements, Dates, booleans and bigints', () => {
    expect(plan([param('xs', { kind: 'array', element: { kind: 'boolean' } })])).toEqual(['f([true])', 'f([])', 'f([true, false, true])']);
    expect(plan([param('when', { kind: 'date' }), param('big', { kind: 'bigint' })])).toEqual([
      'f(new Date("2024-01-02T03:04:05.000Z"), 42n)',
      'f(new Date("2024-01-02T03:04:05.000Z"), 0n)',
      'f(new Date("2024-01-02T03:04:05.000Z"), -1n)',
    ]);
  });

  it('guesses untyped parameters from their names', () => {
    expect(plan([param('isOpen', UNKNOWN)])).toEqual(['f(true)', 'f(false)']);
    expect(plan([param('items', UNKNOWN)])).toEqual(['f([42])', 'f([])', 'f([42, 0, 1])']);
    expect(plan([param('options', UNKNOWN)])).toEqual(['f({})']);
    expect(plan([param('rate', UNKNOWN)])).toEqual(['f(42)', 'f(0)', 'f(1)', 'f(-1)', 'f(1000000)', 'f(2.5)']);
    expect(plan([param('thing', UNKNOWN)])).toEqual(['f(42)', 'f("Hello, World")', 'f(0)', 'f("")', 'f(1)', 'f("a")']);
  });

  it('varies the properties of a destructured parameter through the literals they are compared against', () => {
    const shape: ValueShape = { kind: 'object', properties: [{ name: 'kind', shape: UNKNOWN, isOptional: false }] };
    const destructured = param('', shape, { minedByProperty: { kind: { strings: ['express', 'standard'], numbers: [] } } });
    expect(plan([destructured])).toEqual(['f({ kind: "express" })', 'f({ kind: "standard" })']);
  });

  it('leaves trailing optional parameters out once, and stops at eight calls', () => {
    const calls = plan([param('count', NUMBER), param('label', STRING, { isOptional: true })]);
    expect(calls.slice(0, 3)).toEqual(['f(42, "Hello, World")', 'f(42)', 'f(0, "Hello, World")']);
    expect(calls).toHaveLength(8);
  });

  it('calls a function without parameters once', () => {
    expect(plan([])).toEqual(['f()']);
  });
});
