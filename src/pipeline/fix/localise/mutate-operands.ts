import { bracketDepth, endsStatement, textAt, type LineContext } from './mutate-context.js';

/**
 * Finds the operands of logical operators and the extent of conditions by scanning tokens, without
 * a parser: an operand stretches until a token that cannot be inside it (a comma, an assignment, a
 * statement keyword, an unmatched bracket, a logical operator binding as loosely or looser, or in
 * Python the end of the statement). Bracket groups are jumped over whole; in JavaScript braces stop
 * the scan, since they more often start a block than an object literal inside a condition.
 */

/** A span of token indices, inclusive. */
export type Span = [number, number];

const ASSIGNMENT = /^(?:\*\*|<<|>>>?|&&|\|\||\?\?|\/\/|[-+*/%&|^@])?=$/;
const JS_STOPS = new Set([',', ';', '?', ':', '=>', '...', '{', '}', 'return', 'throw', 'case', 'yield']);
const PYTHON_STOPS = new Set([
  ',', ';', ':', ':=', 'if', 'elif', 'while', 'else', 'return', 'for', 'lambda', 'assert', 'yield',
]);
const PRECEDENCE: ReadonlyMap<string, number> = new Map([['||', 1], ['??', 1], ['&&', 2], ['or', 1], ['and', 2]]);

/** A logical operator's binding strength (`||`/`or` 1, `&&`/`and` 2), or undefined for other tokens. */
export function precedenceOf(context: LineContext, index: number): number | undefined {
  const token = context.tokens[index];
  if (token === undefined) return undefined;
  const isLogical = context.language === 'js' ? token.kind === 'punct' : token.kind === 'ident';
  return isLogical ? PRECEDENCE.get(token.text) : undefined;
}

/** Whether the Python `in` at `index` is a `for` loop's (`for x in xs or []`), not a membership test. */
function isLoopIn(context: LineContext, index: number): boolean {
  const depth = bracketDepth(context, index);
  for (let at = index - 1; at >= 0 && !endsStatement(context, at); at -= 1) {
    const level = bracketDepth(context, at);
    if (level < depth) return false;
    if (level > depth) continue;
    const text = textAt(context, at);
    if (text === 'for') return true;
    if (['if', 'elif', 'while', 'and', 'or', 'not', 'lambda', '=', 'return', 'in'].includes(text)) return false;
  }
  return false;
}

/** Whether an operand between operators of precedence `level` cannot include the token at `index`. */
function isBoundary(context: LineContext, index: number, level: number): boolean {
  const text = textAt(context, index);
  if (context.language === 'python' && text === 'in' && isLoopIn(context, index)) return true;
  const stops = context.language === 'js' ? JS_STOPS : PYTHON_STOPS;
  if (text === '' || stops.has(text) || ASSIGNMENT.test(text) || '()[]{}'.includes(text)) return true;
  return (precedenceOf(context, index) ?? Infinity) <= level;
}

function isGroup(context: LineContext, text: string, braces: string): boolean {
  return text === braces.charAt(0) || text === braces.charAt(1) || (context.language === 'python' && text === braces.charAt(2));
}

/** The operand ending at `index`, stretching left; null when there is none. */
export function operandBefore(context: LineContext, last: number, level: number): Span | null {
  let index = last;
  while (textAt(context, index) === '\\') index -= 1;
  let start = index + 1;
  for (let at = index; at >= 0; ) {
    if (at < index && endsStatement(context, at)) break;
    // A line continuation belongs between operands, never at an operand's edge.
    if (textAt(context, at) === '\\') {
      at -= 1;
      continue;
    }
    const open = isGroup(context, textAt(context, at), ')]}') ? context.partner.get(at) : undefined;
    if (open === undefined && isBoundary(context, at, level)) break;
    start = open ?? at;
    at = start - 1;
  }
  return start <= index ? [start, index] : null;
}

/** The operand starting at `index`, stretching right; null when there is none. */
export function operandAfter(context: LineContext, first: number, level: number): Span | null {
  let index = first;
  while (textAt(context, index) === '\\') index += 1;
  let end = index - 1;
  for (let at = index; at < context.tokens.length; ) {
    if (textAt(context, at) === '\\') {
      at += 1;
      continue;
    }
    const close = isGroup(context, textAt(context, at), '([{') ? context.partner.get(at) : undefined;
    if (close === undefined && isBoundary(context, at, level)) break;
    end = close ?? at;
    if (endsStatement(context, end)) break;
    at = end + 1;
  }
  return end >= index ? [index, end] : null;
}
