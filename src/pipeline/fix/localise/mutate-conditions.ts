import {
  applyEdits,
  bracketDepth,
  describeChange,
  endsStatement,
  isOperandEnd,
  lineIndices,
  snippet,
  textAt,
  type LineContext,
  type Mutation,
  type TextEdit,
} from './mutate-context.js';
import { operandAfter, operandBefore, precedenceOf, type Span } from './mutate-operands.js';

/** `a.b(c)[d]`: names, dots and bracket groups only, so a leading `!` applies to all of it. */
function isChain(context: LineContext, from: number, to: number): boolean {
  for (let at = from; at <= to; at += 1) {
    const token = context.tokens[at];
    if (token === undefined) return false;
    if (token.text === '(' || token.text === '[') at = context.partner.get(at) ?? to + 1;
    else if (token.kind === 'ident' ? !isOperandEnd(context, at) : token.text !== '.' && token.text !== '?.') return false;
  }
  return from <= to;
}

/** A leading `not` that negates the whole condition (nothing looser than `not` at its level). */
function isPlainNot(context: LineContext, from: number, to: number): boolean {
  if (textAt(context, from) !== 'not' || from === to) return false;
  const depth = bracketDepth(context, from);
  for (let at = from + 1; at <= to; at += 1) {
    if (bracketDepth(context, at) === depth && ['and', 'or', 'if', 'lambda'].includes(textAt(context, at))) return false;
  }
  return true;
}

/** `!(c)` / `not (c)`; or, when the condition is only a negated operand, the operand alone. */
function negate(context: LineContext, [from, to]: Span): Mutation {
  const start = context.tokens[from]?.start ?? 0;
  const end = context.tokens[to]?.end ?? start;
  const afterFirst = context.tokens[from + 1]?.start ?? start;
  const isJs = context.language === 'js';
  let edits: TextEdit[];
  const isNotGroup = textAt(context, from) === '!' && textAt(context, from + 1) === '(' && context.partner.get(from + 1) === to;
  if (isJs && isNotGroup) {
    const inner = context.tokens[from + 2]?.start ?? afterFirst;
    edits = [{ start, end: inner, text: '' }, { start: end - 1, end, text: '' }];
  } else if (isJs ? textAt(context, from) === '!' && isChain(context, from + 1, to) : isPlainNot(context, from, to)) {
    edits = [{ start, end: afterFirst, text: '' }];
  } else {
    edits = [{ start, end: start, text: isJs ? '!(' : 'not (' }, { start: end, end, text: ')' }];
  }
  const growth = edits.reduce((sum, edit) => sum + edit.text.length - (edit.end - edit.start), 0);
  const after = applyEdits(context.text, edits).slice(start, end + growth).replace(/\s+/g, ' ');
  return { rule: 'negate-condition', description: describeChange(context, snippet(context, from, to), after), edits };
}

/** The condition after `if`/`while`/`elif` (or a ternary's, or a Python conditional's) at `index`. */
function conditionAt(context: LineContext, index: number): Span | null {
  const token = context.tokens[index];
  const text = token?.text ?? '';
  const isKeyword = token?.kind === 'ident' && textAt(context, index - 1) !== '.';
  if (context.language === 'js') {
    if (isKeyword && (text === 'if' || text === 'while') && textAt(context, index + 1) === '(') {
      const close = context.partner.get(index + 1);
      return close !== undefined && close > index + 2 ? [index + 2, close - 1] : null;
    }
    const isTernary = text === '?' && isOperandEnd(context, index - 1) && !/^[:),=;]$/.test(textAt(context, index + 1));
    const condition = isTernary && hasTernaryColon(context, index) ? operandBefore(context, index - 1, 0) : null;
    const isValid = condition !== null && isExpression(context, condition) && !isOptionalMethod(context, condition);
    return isValid ? condition : null;
  }
  if (!isKeyword || !['if', 'elif', 'while'].includes(text)) return null;
  const condition = operandAfter(context, index + 1, 0);
  const isStatement = index === 0 || endsStatement(context, index - 1);
  if (condition === null || !isStatement) return condition;
  return textAt(context, condition[1] + 1) === ':' ? condition : null;
}

/** No two operands side by side (`a: string\n  b`), no type-level keyword: one expression, not a declaration. */
function isExpression(context: LineContext, [from, to]: Span): boolean {
  for (let at = from; at <= to; at += 1) {
    const next = context.tokens[at + 1];
    const isOperandStart = next !== undefined && next.kind !== 'punct' && isOperandEnd(context, at + 1);
    if (at < to && isOperandEnd(context, at) && isOperandStart) return false;
    if (['extends', 'infer', 'keyof'].includes(textAt(context, at))) return false;
  }
  return true;
}

/** TypeScript's optional method `name?(…): T` in an interface or class, not a ternary. */
function isOptionalMethod(context: LineContext, [from, to]: Span): boolean {
  const isOnNewLine = context.tokens[from - 1]?.line !== context.tokens[from]?.line;
  const isNewMember = isOnNewLine || ['{', ';', ',', '}'].includes(textAt(context, from - 1));
  return from === to && textAt(context, to + 2) === '(' && isNewMember;
}

function hasTernaryColon(context: LineContext, question: number): boolean {
  let pending = 1;
  for (let at = question + 1; at < context.tokens.length; at += 1) {
    const text = textAt(context, at);
    if (text === '(' || text === '[' || text === '{') at = context.partner.get(at) ?? context.tokens.length;
    else if (text === ')' || text === ']' || text === '}' || text === ';' || text === ',') return false;
    else if (text === '?') pending += 1;
    else if (text === ':' && --pending === 0) return true;
  }
  return false;
}

/** Negates each `if`/`while`/ternary condition (Python: `if`/`elif`/`while`, conditional expressions). */
export function negateConditions(context: LineContext): Mutation[] {
  return lineIndices(context).flatMap((index) => {
    const condition = conditionAt(context, index);
    return condition === null ? [] : [negate(context, condition)];
  });
}

/** Drops one side of each `&&`/`||` (`and`/`or`): `a && b` → `b`, then `a && b` → `a`. */
export function dropConditions(context: LineContext): Mutation[] {
  return lineIndices(context).flatMap((index): Mutation[] => {
    const level = precedenceOf(context, index);
    if (level === undefined || textAt(context, index) === '??') return [];
    const left = operandBefore(context, index - 1, level);
    const right = operandAfter(context, index + 1, level);
    if (left === null || right === null) return [];
    const offset = (at: number, side: 'start' | 'end'): number => context.tokens[at]?.[side] ?? 0;
    const drop = (kept: Span, start: number, end: number): Mutation => ({
      rule: 'drop-condition',
      description: describeChange(context, snippet(context, left[0], right[1]), snippet(context, kept[0], kept[1])),
      edits: [{ start, end, text: '' }],
    });
    return [
      drop(right, offset(left[0], 'start'), offset(right[0], 'start')),
      drop(left, offset(left[1], 'end'), offset(right[1], 'end')),
    ];
  });
}
