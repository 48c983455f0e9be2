import { isOperandEnd, lineIndices, textAt, type LineContext } from './mutate-context.js';
import { JS_PREFIX_KEYWORDS } from './mutate-tokens-js.js';

/**
 * Finds the `<` and `>` of a JavaScript line that are not comparisons: TypeScript generics
 * (`Array<string>`, `new Map<K, V>()`, `<T>(x: T) => x`), type assertions and JSX tags.
 *
 * Heuristics, on one line only:
 * - `<` right after an operand (`Array<`, `foo<`) is a generic when a matching `>` closes it on the
 *   same line with only type-like tokens in between (names, literals, `.` `,` `|` `&` `:` `=` `=>`
 *   `...`, brackets, and braced object types jumped over whole; no statement keyword).
 *   `i < a && b > c` has `&&`, `i < n; i++) if (x > 0` has `;`, so they stay comparisons. A known
 *   miss: `f(a < b, c > d)` reads as a generic call, so neither operator is swapped.
 * - `<` not after an operand (`return <div …>`, `(<Foo>bar)`, `= <T,>(…)`) followed by a name is a
 *   tag, assertion or generic, and `<` followed by `/` or `>` (`</div>`, `<>`) always is: it and its
 *   closer are skipped, whatever lies between (braced JSX expressions are jumped over).
 * - `<` followed by `{` opens a generic with an object type (`Array<{`), even when it spans lines.
 * - A `>` after `/` (`/>`) closes a self-closing tag.
 */
const TYPE_PUNCT = new Set([
  '.', ',', '[', ']', '(', ')', '|', '&', '=>', ':', '=', '...', '<', '>', '>>', '>>>', '?.',
]);
const TYPE_KEYWORDS = new Set(['keyof', 'typeof', 'extends', 'void', 'infer']);
const CLOSE_WEIGHT: ReadonlyMap<string, number> = new Map([['>', 1], ['>>', 2], ['>>>', 3]]);

function isTypeLike(context: LineContext, index: number): boolean {
  const token = context.tokens[index];
  if (token === undefined) return false;
  if (token.kind === 'ident') return !JS_PREFIX_KEYWORDS.has(token.text) || TYPE_KEYWORDS.has(token.text);
  return token.kind === 'number' || token.kind === 'string' || TYPE_PUNCT.has(token.text);
}

/** The angle tokens from the `<` at `open` to its closer on the same line, or null when it does not close. */
function closeAngle(context: LineContext, open: number, isStrict: boolean): number[] | null {
  const angles = [open];
  let depth = 1;
  for (let index = open + 1; index <= context.last; index += 1) {
    const text = textAt(context, index);
    if (isStrict && text !== '{' && !isTypeLike(context, index)) return null;
    if (text === '{') {
      index = context.partner.get(index) ?? context.last;
      continue;
    }
    if (text === '<') depth += 1;
    depth -= CLOSE_WEIGHT.get(text) ?? 0;
    if (text === '<' || CLOSE_WEIGHT.has(text)) angles.push(index);
    if (depth <= 0) return angles;
  }
  return null;
}

/** Indices of the target line's `<`, `>`, `>>`, `>>>` tokens that are brackets, not operators. */
export function findAngleBrackets(context: LineContext): Set<number> {
  const skipped = new Set<number>();
  if (context.language !== 'js') return skipped;
  for (const index of lineIndices(context)) {
    const text = textAt(context, index);
    if (text === '>' && textAt(context, index - 1) === '/') skipped.add(index);
    if (text !== '<' || skipped.has(index)) continue;
    const next = context.tokens[index + 1];
    const nextText = next?.text ?? '';
    const isNameNext = next?.kind === 'ident';
    let angles: number[] | null = null;
    if (nextText === '{') angles = closeAngle(context, index, true) ?? [index];
    else if (nextText === '/' || nextText === '>' || next?.kind === 'regex') {
      angles = closeAngle(context, index, false) ?? [index];
    } else if (isOperandEnd(context, index - 1)) {
      const isTypeStart = isNameNext || ['[', '(', '{'].includes(nextText) || next?.kind === 'string';
      if (isTypeStart) angles = closeAngle(context, index, true);
    } else if (isNameNext) {
      angles = closeAngle(context, index, false) ?? [index];
    }
    for (const angle of angles ?? []) skipped.add(angle);
  }
  return skipped;
}
