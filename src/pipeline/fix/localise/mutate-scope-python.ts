import { bracketDepth, columnOf, endsStatement, textAt, type LineContext } from './mutate-context.js';
import type { Span } from './mutate-operands.js';
import { findTopLevel, spanText, splitTopLevel, toLocal, type FunctionScope, type LocalName } from './mutate-scope.js';

/** A `def` or `class` statement and the token span of its body. */
interface Block {
  keyword: number;
  body: Span;
  returnType: string | null;
}

const NOT_LOCALS = new Set(['self', 'cls']);

function isStatementStart(context: LineContext, index: number): boolean {
  return index === 0 || endsStatement(context, index - 1);
}

/** The statement starts of the file, in order. */
function statementStarts(context: LineContext): number[] {
  return context.tokens.flatMap((_, index) => (isStatementStart(context, index) ? [index] : []));
}

/** Every `def` (and `class`) with its body: from after the header's `:` to the last token before the dedent. */
function findBlocks(context: LineContext, keyword: 'def' | 'class'): Block[] {
  const starts = statementStarts(context);
  return starts.flatMap((start, position): Block[] => {
    const at = textAt(context, start) === 'async' ? start + 1 : start;
    if (textAt(context, at) !== keyword) return [];
    const open = findTopLevel(context, [at, context.tokens.length - 1], ['(', ':']);
    const afterParams = textAt(context, open) === '(' ? (context.partner.get(open) ?? open) + 1 : open;
    const last = context.tokens.length - 1;
    const colon = textAt(context, open) === '(' ? findTopLevel(context, [afterParams, last], [':']) : open;
    if (colon === -1) return [];
    const indent = columnOf(context, start);
    const isInline = context.tokens[colon + 1]?.line === context.tokens[colon]?.line;
    const isBodyEnd = (later: number) => later > colon && (isInline || columnOf(context, later) <= indent);
    const next = starts.slice(position + 1).find(isBodyEnd);
    const arrow = findTopLevel(context, [afterParams, colon], ['->']);
    const returnType = arrow === -1 ? null : spanText(context, arrow + 1, colon - 1);
    return [{ keyword: at, body: [colon + 1, (next ?? context.tokens.length) - 1], returnType }];
  });
}

function readParams(context: LineContext, def: number): LocalName[] {
  const open = def + 2;
  const close = context.partner.get(open);
  if (textAt(context, open) !== '(' || close === undefined) return [];
  return splitTopLevel(context, open + 1, close - 1).flatMap(([from, to]): LocalName[] => {
    let at = from;
    while (['*', '**', '/'].includes(textAt(context, at)) && at < to) at += 1;
    const token = context.tokens[at];
    if (token?.kind !== 'ident' || NOT_LOCALS.has(token.text)) return [];
    const equals = findTopLevel(context, [at, to], ['=']);
    const hasType = textAt(context, at + 1) === ':';
    return [toLocal(context, at, hasType ? spanText(context, at + 2, equals === -1 ? to : equals - 1) : null)];
  });
}

const ASSIGNMENTS = ['=', ':', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '|=', '&=', '^=', '@=', '<<=', '>>='];
const COMPOUND = new Set([
  'if', 'elif', 'while', 'with', 'else', 'try', 'except', 'finally', 'lambda', 'def', 'class', 'async',
]);

/** Plain names among the targets `from..to` (not `a.b`, `a[i]`, or names nested in brackets). */
function targetNames(context: LineContext, from: number, to: number): number[] {
  const names: number[] = [];
  for (let at = from; at <= to; at += 1) {
    const isTopLevel = bracketDepth(context, at) === bracketDepth(context, from);
    const isPlain = textAt(context, at - 1) !== '.' && !['.', '[', '('].includes(textAt(context, at + 1));
    if (context.tokens[at]?.kind === 'ident' && isTopLevel && isPlain) names.push(at);
  }
  return names;
}

/** Names a statement binds: assignment targets (`a, b = …`, `x: int = 0`, `n += 1`), `for` and `as` targets, `:=`. */
function readBindings(context: LineContext, [from, to]: Span): LocalName[] {
  const first = textAt(context, from);
  if (['import', 'from', 'global', 'nonlocal'].includes(first)) return [];
  const found: LocalName[] = [];
  if (first === 'for') {
    const end = findTopLevel(context, [from, to], ['in']);
    found.push(...targetNames(context, from + 1, end - 1).map((at) => toLocal(context, at, null)));
  } else if (!COMPOUND.has(first)) {
    const end = findTopLevel(context, [from, to], ASSIGNMENTS);
    if (textAt(context, end) === ':' && end === from + 1) {
      const equals = findTopLevel(context, [from, to], ['=']);
      found.push(toLocal(context, from, spanText(context, end + 1, equals === -1 ? to : equals - 1)));
    } else if (end !== -1 && textAt(context, end) !== ':') {
      found.push(...targetNames(context, from, end - 1).map((at) => toLocal(context, at, null)));
    }
  }
  for (let at = from; at < to; at += 1) {
    const isName = (index: number): boolean => context.tokens[index]?.kind === 'ident';
    if (textAt(context, at) === 'as' && isName(at + 1)) found.push(toLocal(context, at + 1, null));
    if (textAt(context, at + 1) === ':=' && isName(at)) found.push(toLocal(context, at, null));
  }
  return found.filter((local) => !NOT_LOCALS.has(local.name));
}

/** The innermost Python `def` whose body holds the target line. */
export function findPythonScope(context: LineContext): FunctionScope | null {
  const defs = findBlocks(context, 'def');
  const found = defs.filter(({ body }) => body[0] <= context.first && body[1] >= context.first).at(-1);
  if (found === undefined) return null;
  const [start, end] = found.body;
  const nested = [...defs, ...findBlocks(context, 'class')].filter(({ keyword }) => keyword > start && keyword <= end);
  const starts = statementStarts(context).filter((at) => at >= start && at <= end);
  const locals: LocalName[] = [];
  let hasReturn = false;
  for (const [position, at] of starts.entries()) {
    if (nested.some(({ keyword, body }) => at >= keyword - 1 && at <= body[1])) continue;
    const last = (starts[position + 1] ?? end + 1) - 1;
    locals.push(...readBindings(context, [at, last]));
    for (let token = at; token <= last; token += 1) {
      const isExit = context.tokens[token]?.kind === 'ident' && ['return', 'yield'].includes(textAt(context, token));
      hasReturn ||= isExit;
    }
  }
  const params = readParams(context, found.keyword);
  const name = textAt(context, found.keyword + 1);
  return { name, body: found.body, params, locals, hasReturn, returnType: found.returnType };
}
