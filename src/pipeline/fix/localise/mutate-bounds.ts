import {
  describeChange,
  isOperandEnd,
  lineIndices,
  replaceToken,
  snippet,
  textAt,
  type LineContext,
  type Mutation,
  type TextEdit,
} from './mutate-context.js';
import { findAngleBrackets } from './mutate-angles.js';
import { operandBefore } from './mutate-operands.js';

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=', '===', '!==']);
const TIGHTER = new Set(['*', '/', '%', '**', '//', '@']);
const MAX_LITERALS = 3;

function mutation(context: LineContext, before: string, after: string, edits: TextEdit[]): Mutation {
  return { rule: 'off-by-one', description: describeChange(context, before, after), edits };
}

function insertAfter(context: LineContext, index: number, text: string): TextEdit {
  const end = context.tokens[index]?.end ?? 0;
  return { start: end, end, text };
}

/** Whether the token at `index` is the `1` of a binary `x + 1` / `x - 1` (not `x - 1 * y`). */
function isAdjustment(context: LineContext, index: number): boolean {
  const sign = textAt(context, index - 1);
  return (
    context.tokens[index]?.kind === 'number' &&
    (sign === '+' || sign === '-') &&
    isOperandEnd(context, index - 2) &&
    !TIGHTER.has(textAt(context, index + 1))
  );
}

function isAdjusted(context: LineContext, index: number): boolean {
  const sign = textAt(context, index + 1);
  return (sign === '+' || sign === '-') && context.tokens[index + 2]?.kind === 'number';
}

/** A bound is worth adjusting in a comparison, or as an argument or index (`slice(0, n)`, `xs[n]`). */
function isBoundPosition(context: LineContext, index: number): boolean {
  const angles = findAngleBrackets(context);
  const compares = lineIndices(context).some((at) => COMPARISONS.has(textAt(context, at)) && !angles.has(at));
  if (compares) return true;
  for (let at = context.first; at < index; at += 1) {
    const text = textAt(context, at);
    if ((text === '(' || text === '[') && (context.partner.get(at) ?? Infinity) > index) return true;
  }
  return false;
}

function dropAdjustments(context: LineContext): Mutation[] {
  return lineIndices(context)
    .filter((index) => textAt(context, index) === '1' && isAdjustment(context, index))
    .map((index) => {
      const edit = { start: context.tokens[index - 2]?.end ?? 0, end: context.tokens[index]?.end ?? 0, text: '' };
      const from = Math.max(context.first, operandBefore(context, index - 2, 0)?.[0] ?? index - 2);
      return mutation(context, snippet(context, from, index), snippet(context, from, index - 2), [edit]);
    });
}

/** The first and last tokens of `range(…)`'s stop argument, or null. */
function rangeStop(context: LineContext, open: number): [number, number] | null {
  const close = context.partner.get(open);
  if (close === undefined) return null;
  const args: Array<[number, number]> = [];
  let start = open + 1;
  for (let at = open + 1; at <= close; at += 1) {
    if (at === close || textAt(context, at) === ',') {
      if (at > start) args.push([start, at - 1]);
      start = at + 1;
    } else at = Math.max(at, context.partner.get(at) ?? at);
  }
  return (args.length === 1 ? args[0] : args[1]) ?? null;
}

function adjustBounds(context: LineContext): Mutation[] {
  return lineIndices(context).flatMap((index): Mutation[] => {
    const text = textAt(context, index);
    const previous = textAt(context, index - 1);
    if (context.language === 'js' && text === 'length' && (previous === '.' || previous === '?.')) {
      if (/^(?:[-+*/%]?=|\(|\.|\+\+|--)$/.test(textAt(context, index + 1)) || isAdjusted(context, index)) return [];
      if (!isBoundPosition(context, index)) return [];
      return [mutation(context, '.length', '.length - 1', [insertAfter(context, index, ' - 1')])];
    }
    if (context.language !== 'python' || previous === '.' || textAt(context, index + 1) !== '(') return [];
    const close = context.partner.get(index + 1);
    if (text === 'len' && close !== undefined && !isAdjusted(context, close) && isBoundPosition(context, index)) {
      const call = snippet(context, index, close);
      return [mutation(context, call, `${call} - 1`, [insertAfter(context, close, ' - 1')])];
    }
    const stop = text === 'range' ? rangeStop(context, index + 1) : null;
    if (stop === null || isAdjustment(context, stop[1])) return [];
    const bound = snippet(context, stop[0], stop[1]);
    return [' + 1', ' - 1'].map((change) =>
      mutation(context, bound, `${bound}${change}`, [insertAfter(context, stop[1], change)]),
    );
  });
}

function shiftLiterals(context: LineContext): Mutation[] {
  const literals = lineIndices(context).filter((index) => /^\d+$/.test(textAt(context, index)));
  return literals.slice(0, MAX_LITERALS).flatMap((index) => {
    const value = BigInt(textAt(context, index));
    const shifted = [value + 1n, ...(value > 0n ? [value - 1n] : [])].filter(
      (next) => !(next === 0n && isAdjustment(context, index)),
    );
    return shifted.map((next) =>
      mutation(context, textAt(context, index), next.toString(), [replaceToken(context, index, next.toString())]),
    );
  });
}

/**
 * Off-by-one edits: drop a `+ 1`/`- 1`; add `- 1` to a `.length` or `len(…)` bound in a comparison or
 * argument; `range(a, b)` → `range(a, b + 1)` / `b - 1`; integer literals n → n+1, n-1 (the first
 * three literals of the line).
 */
export function shiftOffByOne(context: LineContext): Mutation[] {
  return [...dropAdjustments(context), ...adjustBounds(context), ...shiftLiterals(context)];
}
