import {
  bracketDepth,
  describeChange,
  lineIndices,
  replaceToken,
  textAt,
  type LineContext,
  type Mutation,
} from './mutate-context.js';
import type { FunctionScope, LocalName } from './mutate-scope.js';
import { findJsScope } from './mutate-scope-js.js';
import { findPythonScope } from './mutate-scope-python.js';

const MAX_CANDIDATES = 6;
const ASSIGNMENT = /^(?:\*\*|<<|>>>?|&&|\|\||\?\?|\/\/|[-+*/%&|^@])?=$/;
const DECLARATIONS = new Set(['let', 'const', 'var', 'function', 'class', 'def']);

/** The innermost function around the target line, in the context's language. */
export function findScope(context: LineContext): FunctionScope | null {
  return context.language === 'js' ? findJsScope(context) : findPythonScope(context);
}

/** The innermost unmatched opening bracket before `index`, or -1. */
function enclosingBracket(context: LineContext, index: number): number {
  for (let at = index - 1; at >= 0; at -= 1) {
    const partner = context.partner.get(at);
    if (partner !== undefined && partner > index) return at;
    if (partner !== undefined && partner < at) at = partner;
  }
  return -1;
}

/** Whether the parentheses opened at `open` list a function's parameters (`def f(`, `function f(`, `(a) =>`). */
function isParameterList(context: LineContext, open: number): boolean {
  if (textAt(context, open) !== '(') return false;
  if (context.language === 'python') return textAt(context, open - 2) === 'def';
  const after = textAt(context, (context.partner.get(open) ?? open) + 1);
  const before = context.tokens[open - 1];
  const isControl = before?.kind === 'ident' && ['if', 'while', 'for', 'switch', 'catch', 'with'].includes(before.text);
  return !isControl && (after === '=>' || after === '{' || (after === ':' && before?.kind === 'ident'));
}

/** Whether the name at `index` reads or writes a variable (not a property, key, keyword argument or declaration). */
function isVariableUse(context: LineContext, index: number): boolean {
  const previous = textAt(context, index - 1);
  const next = textAt(context, index + 1);
  if (previous === '.' || previous === '?.' || DECLARATIONS.has(previous)) return false;
  if (previous !== '=' && isParameterList(context, enclosingBracket(context, index))) return false;
  if (context.language === 'js') return !(next === ':' && ['{', ',', '('].includes(previous));
  if (['global', 'nonlocal'].includes(textAt(context, context.first))) return false;
  const isAnnotated = next === ':' && index === context.first;
  return !isAnnotated && !(next === '=' && bracketDepth(context, index) > 0);
}

function uniqueByName(locals: readonly LocalName[]): LocalName[] {
  const seen = new Set<string>();
  return locals.filter((local) => !seen.has(local.name) && seen.add(local.name));
}

/** Locals declared in the body, nearest the line first, then parameters in order; each name once. */
function replacementsFor(scope: FunctionScope, line: number): LocalName[] {
  const params = uniqueByName(scope.params);
  const isParam = (local: LocalName): boolean => params.some((param) => param.name === local.name);
  const locals = uniqueByName(scope.locals).filter((local) => local.line < line && !isParam(local));
  return [...locals.sort((a, b) => b.line - a.line), ...params];
}

/** Occurrences of locals on the line: reads first, then assignment targets. */
function occurrences(context: LineContext, names: ReadonlySet<string>): number[] {
  const uses = lineIndices(context).filter(
    (index) => context.tokens[index]?.kind === 'ident' && names.has(textAt(context, index)) && isVariableUse(context, index),
  );
  const isWrite = (index: number): boolean =>
    ASSIGNMENT.test(textAt(context, index + 1)) || ['for', 'as'].includes(textAt(context, index - 1));
  return [...uses.filter((index) => !isWrite(index)), ...uses.filter(isWrite)];
}

/**
 * Wrong-variable edits: a use of a parameter or local on the line becomes another one declared above
 * the line. When both carry a type annotation the types must match. Candidates are taken round-robin
 * over the uses (reads before writes), so six of them cover several uses rather than one.
 */
export function swapVariables(context: LineContext): Mutation[] {
  const scope = findScope(context);
  if (scope === null) return [];
  const known = uniqueByName([...scope.params, ...scope.locals]);
  const replacements = replacementsFor(scope, context.line);
  const perUse = occurrences(context, new Set(known.map((local) => local.name))).map((index) => {
    const current = known.find((local) => local.name === textAt(context, index));
    return replacements
      .filter((other) => other.name !== current?.name && !(current?.type && other.type && current.type !== other.type))
      .map(
        (other): Mutation => ({
          rule: 'wrong-variable',
          description: describeChange(context, textAt(context, index), other.name),
          edits: [replaceToken(context, index, other.name)],
        }),
      );
  });
  const longest = Math.max(0, ...perUse.map((list) => list.length));
  const rounds = Array.from({ length: longest }, (_, round) => perUse.flatMap((list) => list.slice(round, round + 1)));
  return rounds.flat().slice(0, MAX_CANDIDATES);
}
