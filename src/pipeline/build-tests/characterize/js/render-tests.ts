import type { GeneratedTest, TestStyle } from '../../types.js';
import type { ObservedCall, Outcome, Thrown } from './js-values.js';
import { renderArgs, renderString, renderValue } from './render-value.js';

/** Calls beyond this many distinct outcomes add little: the tests stay readable. */
export const MAX_TESTS_PER_FUNCTION = 6;
const MAX_TITLE = 100;
const HEADER = '// Characterization tests written by heal build-tests: they pin down what the code does today.';

/** One function's kept calls, in the order they were made. */
export interface CharacterizedFunction {
  targetId: string;
  symbol: string;
  /** First line of the function: describes follow the source order. */
  line: number;
  calls: ObservedCall[];
}

/** The functions to write tests for, in the repository's test style. */
export interface RenderTestsInput {
  style: TestStyle;
  frameworkImport: string | null;
  /** How the test file imports the source file. */
  specifier: string;
  functions: readonly CharacterizedFunction[];
}

function describeThrown(thrown: Thrown): string {
  if (!thrown.isError) return renderValue(thrown.value, '"');
  return thrown.message === '' ? thrown.name : `${thrown.name}: ${thrown.message}`;
}

function outcomeKey(outcome: Outcome): string {
  const detail = outcome.kind === 'returned' || outcome.kind === 'resolved' ? renderValue(outcome.value, '"') : describeThrown(outcome.thrown);
  return `${outcome.kind} ${detail}`;
}

/** The calls worth a test: the first of each distinct outcome, at most MAX_TESTS_PER_FUNCTION. */
export function selectCalls(calls: readonly ObservedCall[]): ObservedCall[] {
  const seen = new Set<string>();
  const kept: ObservedCall[] = [];
  for (const call of calls) {
    const key = outcomeKey(call.outcome);
    if (seen.has(key) || kept.length >= MAX_TESTS_PER_FUNCTION) continue;
    seen.add(key);
    kept.push(call);
  }
  return kept;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `formatCents(0) returns "$0.00"`, one line, at most MAX_TITLE characters. */
export function titleFor(symbol: string, call: ObservedCall): string {
  const { outcome } = call;
  const verb = {
    returned: 'returns',
    resolved: 'resolves to',
    threw: 'throws',
    rejected: 'rejects with',
  }[outcome.kind];
  const detail = outcome.kind === 'returned' || outcome.kind === 'resolved' ? renderValue(outcome.value, '"') : describeThrown(outcome.thrown);
  // One line: messages may hold newlines, which runners print and match badly.
  return clip(`${symbol}(${renderArgs(call.args, '"')}) ${verb} ${detail}`.replace(/[\r\n\t\f\v\u2028\u2029]+/g, ' ').trim(), MAX_TITLE);
}

function renderAssertion(style: TestStyle, symbol: string, call: ObservedCall): string {
  const q = style.quote;
  const invocation = `${symbol}(${renderArgs(call.args, q)})`;
  const { outcome } = call;
  const isNode = style.framework === 'node-test';
  if (outcome.kind === 'returned' || outcome.kind === 'resolved') {
    const value = renderValue(outcome.value, q);
    const actual = outcome.kind === 'resolved' ? `await ${invocation}` : invocation;
    if (isNode) return `assert.deepStrictEqual(${actual}, ${value})`;
    return outcome.kind === 'resolved' ? `await expect(${invocation}).resolves.toEqual(${value})` : `expect(${invocation}).toEqual(${value})`;
  }
  const { thrown } = outcome;
  const message = thrown.isError ? renderString(thrown.message, q) : null;
  if (isNode) {
    const check = message === null ? '' : `, { message: ${message} }`;
    return outcome.kind === 'threw' ? `assert.throws(() => ${invocation}${check})` : `await assert.rejects(${invocation}${check})`;
  }
  if (outcome.kind === 'threw') return `expect(() => ${invocation}).toThrow(${thrown.isError && thrown.message !== '' ? message : ''})`;
  if (!thrown.isError) return `await expect(${invocation}).rejects.toEqual(${renderValue(thrown.value, q)})`;
  return `await expect(${invocation}).rejects.toThrow(${thrown.message !== '' ? message : ''})`;
}

function renderImports(input: RenderTestsInput, names: readonly string[]): string[] {
  const { style } = input;
  const q = style.quote;
  const end = style.semicolons ? ';' : '';
  const isCjs = style.moduleStyle === 'cjs';
  const lines: string[] = [];
  const frameworkImport = input.frameworkImport ?? (style.framework === 'node-test' ? (isCjs ? `const { describe, it } = require(${q}node:test${q})${end}` : `import { describe, it } from ${q}node:test${q}${end}`) : null);
  if (frameworkImport !== null) lines.push(frameworkImport);
  if (style.framework === 'node-test' && !/\bassert\b/.test(frameworkImport ?? '')) {
    lines.push(isCjs ? `const assert = require(${q}node:assert/strict${q})${end}` : `import assert from ${q}node:assert/strict${q}${end}`);
  }
  const spec = renderString(input.specifier, q);
  lines.push(isCjs ? `const { ${names.join(', ')} } = require(${spec})${end}` : `import { ${names.join(', ')} } from ${spec}${end}`);
  return lines;
}

/** The final test file: one describe per function, one test per kept call, and the names the runner will report. */
export function renderTests(input: RenderTestsInput): { text: string; tests: GeneratedTest[] } {
  const { style } = input;
  const q = style.quote;
  const end = style.semicolons ? ';' : '';
  const functions = [...input.functions].sort((a, b) => a.line - b.line || a.symbol.localeCompare(b.symbol));
  const names = [...new Set(functions.map((fn) => fn.symbol))].sort();
  const tests: GeneratedTest[] = [];
  const blocks = functions.map((fn) => {
    const titles = new Set<string>();
    const body = selectCalls(fn.calls).map((call) => {
      let title = titleFor(fn.symbol, call);
      for (let n = 2; titles.has(title); n += 1) title = `${clip(titleFor(fn.symbol, call), MAX_TITLE - ` #${n}`.length)} #${n}`;
      titles.add(title);
      tests.push({ name: `${fn.symbol} > ${title}`, targetId: fn.targetId, caseName: null });
      const isAsync = call.outcome.kind === 'resolved' || call.outcome.kind === 'rejected';
      return [
        `  it(${renderString(title, q)}, ${isAsync ? 'async ' : ''}() => {`,
        `    ${renderAssertion(style, fn.symbol, call)}${end}`,
        `  })${end}`,
      ].join('\n');
    });
    return `describe(${renderString(fn.symbol, q)}, () => {\n${body.join('\n\n')}\n})${end}`;
  });
  const text = [HEADER, ...renderImports(input, names), '', blocks.join('\n\n'), ''].join('\n');
  return { text, tests };
}
