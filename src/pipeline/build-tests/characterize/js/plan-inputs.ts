import { guessShape, isFloatName } from './guess-shape.js';
import type { FunctionSignature, JsValue, MinedConstants, ParamSignature, PropertyShape, ValueShape } from './js-values.js';
import { renderArgs, renderValue } from './render-value.js';

/**
 * Argument lists for a function, from its parameters' shapes and the literals it compares them
 * against. Pure and deterministic: a base call (each parameter's first value), then one parameter
 * varied at a time, mined literals first, at most MAX_CALLS calls.
 */

export const MAX_CALLS = 8;
const MAX_DEPTH = 4;
const DATE_ISO = '2024-01-02T03:04:05.000Z';

const num = (value: number): JsValue => ({ kind: 'number', value });
const str = (value: string): JsValue => ({ kind: 'string', value });
const UNDEFINED: JsValue = { kind: 'undefined' };
const NUMBERS = [42, 0, 1, -1, 1e6].map(num);
const STRINGS = ['Hello, World', '', 'a', 'héllo ✓'].map(str);
const FALLBACK = [num(42), str('Hello, World'), num(0), str(''), num(1), str('a')];

interface PlanContext {
  pool: MinedConstants;
  hasFloatLiteral: boolean;
}

/** A parameter's candidate values: `mined` (tried first) and all of them, `values[0]` being the base. */
interface ParamOptions {
  mined: JsValue[];
  values: JsValue[];
}

function unique(values: readonly JsValue[]): JsValue[] {
  const seen = new Map<string, JsValue>();
  for (const value of values) if (!seen.has(renderValue(value, '"'))) seen.set(renderValue(value, '"'), value);
  return [...seen.values()];
}

function accepts(shape: ValueShape, kind: 'string' | 'number'): boolean {
  if (shape.kind === 'union') return shape.members.some((member) => accepts(member, kind));
  return shape.kind === kind || shape.kind === 'unknown';
}

function minedFor(shape: ValueShape, mined: MinedConstants): JsValue[] {
  return [...(accepts(shape, 'string') ? mined.strings.map(str) : []), ...(accepts(shape, 'number') ? mined.numbers.map(num) : [])];
}

/** Unknown shapes become what the name or the mined literals suggest. */
function resolveShape(shape: ValueShape, name: string, mined: MinedConstants): ValueShape {
  if (shape.kind !== 'unknown') return shape;
  const guessed = guessShape(name);
  if (guessed) return guessed;
  if (mined.strings.length > 0 && mined.numbers.length === 0) return { kind: 'string' };
  if (mined.numbers.length > 0 && mined.strings.length === 0) return { kind: 'number' };
  return shape;
}

function interleave(lists: readonly JsValue[][]): JsValue[] {
  const out: JsValue[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let k = 0; k < longest; k += 1) {
    for (const list of lists) {
      const item = list[k];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

function objectOptions(properties: readonly PropertyShape[], minedBy: Record<string, MinedConstants>, context: PlanContext, depth: number): ParamOptions {
  const perProperty = properties.map((property) => {
    const mined = minedBy[property.name] ?? { strings: [], numbers: [] };
    const shape = resolveShape(property.shape, property.name, mined);
    const attributed = minedFor(shape, mined);
    return { property, attributed, values: unique([...attributed, ...valuesOf(shape, property.name, context, depth + 1)]) };
  });
  const build = (pick: (index: number) => JsValue | null): JsValue => ({
    kind: 'object',
    isNullProto: false,
    entries: perProperty.flatMap(({ property }, index): Array<[string, JsValue]> => {
      const value = pick(index);
      return value === null ? [] : [[property.name, value]];
    }),
  });
  const first = (index: number): JsValue => perProperty[index]?.values[0] ?? UNDEFINED;
  const base = build(first);
  const mined = perProperty.flatMap(({ attributed }, varied) =>
    attributed.map((value) => build((index) => (index === varied ? value : first(index)))),
  );
  const second = build((index) => perProperty[index]?.values[1] ?? first(index));
  const required = build((index) => (perProperty[index]?.property.isOptional ? null : first(index)));
  return { mined, values: unique([base, ...mined, required, second]) };
}

function valuesOf(shape: ValueShape, name: string, context: PlanContext, depth: number): JsValue[] {
  switch (shape.kind) {
    case 'number':
      return isFloatName(name) || context.hasFloatLiteral ? [...NUMBERS, num(2.5)] : NUMBERS;
    case 'string':
      return STRINGS;
    case 'boolean':
      return [true, false].map((value): JsValue => ({ kind: 'boolean', value }));
    case 'bigint':
      return ['42', '0', '-1'].map((digits): JsValue => ({ kind: 'bigint', digits }));
    case 'literal':
      return [shape.value];
    case 'null':
      return [{ kind: 'null' }];
    case 'undefined':
      return [UNDEFINED];
    case 'date':
      return [{ kind: 'date', iso: DATE_ISO }];
    case 'array': {
      const items = depth >= MAX_DEPTH ? [] : valuesOf(shape.element, name.replace(/s$/, ''), context, depth + 1);
      const at = (index: number): JsValue => items[index % Math.max(1, items.length)] ?? UNDEFINED;
      return items.length === 0 ? [{ kind: 'array', items: [] }] : unique([[at(0)], [], [at(0), at(1), at(2)]].map((list): JsValue => ({ kind: 'array', items: list })));
    }
    case 'tuple': {
      const lists = shape.elements.map((element) => valuesOf(element, name, context, depth + 1));
      return unique([0, 1].map((k): JsValue => ({ kind: 'array', items: lists.map((list) => list[k] ?? list[0] ?? UNDEFINED) })));
    }
    case 'object':
      return depth >= MAX_DEPTH ? [{ kind: 'object', entries: [], isNullProto: false }] : objectOptions(shape.properties, {}, context, depth).values;
    case 'map': {
      const keys = valuesOf(shape.key, 'key', context, depth + 1);
      const values = valuesOf(shape.value, name, context, depth + 1);
      return [{ kind: 'map', entries: [[keys[0] ?? UNDEFINED, values[0] ?? UNDEFINED]] }, { kind: 'map', entries: [] }];
    }
    case 'set':
      return [{ kind: 'set', items: valuesOf(shape.element, name, context, depth + 1).slice(0, 1) }, { kind: 'set', items: [] }];
    case 'union': {
      const isNullish = (member: ValueShape): boolean => member.kind === 'null' || member.kind === 'undefined';
      const ordered = [...shape.members.filter((m) => !isNullish(m)), ...shape.members.filter(isNullish)];
      return unique(interleave(ordered.map((member) => valuesOf(member, name, context, depth))));
    }
    case 'unknown':
      return FALLBACK;
  }
}

function planParam(param: ParamSignature, context: PlanContext): ParamOptions {
  if (param.name === '' && param.shape.kind === 'object') return objectOptions(param.shape.properties, param.minedByProperty, context, 0);
  const shape = resolveShape(param.shape, param.name, param.mined);
  let mined = minedFor(shape, param.mined);
  // Without literals of its own, a string parameter still gets the function's strings early.
  if (param.mined.strings.length === 0 && accepts(shape, 'string')) mined = [...context.pool.strings.slice(0, 3).map(str), ...mined];
  const pool = minedFor(shape, context.pool);
  const values = unique([...mined, ...valuesOf(shape, param.name, context, 0), ...pool]);
  return { mined: unique(mined), values };
}

/** The argument lists to call a function with, base call first, at most MAX_CALLS, no duplicates. */
export function planCalls(signature: FunctionSignature): JsValue[][] {
  const context: PlanContext = { pool: signature.pool, hasFloatLiteral: signature.pool.numbers.some((n) => !Number.isInteger(n)) };
  const options = signature.params.map((param) => planParam(param, context));
  const base = options.map((option) => option.values[0] ?? UNDEFINED);
  const calls = new Map<string, JsValue[]>();
  const add = (args: JsValue[]): void => {
    if (calls.size < MAX_CALLS && !calls.has(renderArgs(args, '"'))) calls.set(renderArgs(args, '"'), args);
  };
  const vary = (lists: JsValue[][]): void => {
    const longest = Math.max(0, ...lists.map((list) => list.length));
    for (let k = 0; k < longest; k += 1) {
      lists.forEach((list, index) => {
        const value = list[k];
        if (value !== undefined) add(base.map((arg, at) => (at === index ? value : arg)));
      });
    }
  };
  add(base);
  vary(options.map((option) => option.mined));
  const firstOptional = signature.params.findIndex((_, index) => signature.params.slice(index).every((param) => param.isOptional));
  if (firstOptional >= 0) add(base.slice(0, firstOptional));
  vary(options.map((option) => option.values));
  return [...calls.values()];
}
