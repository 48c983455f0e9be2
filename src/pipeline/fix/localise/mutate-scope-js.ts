import { bracketDepth, isOperandEnd, textAt, type LineContext } from './mutate-context.js';
import { JS_PREFIX_KEYWORDS } from './mutate-tokens-js.js';
import type { Span } from './mutate-operands.js';
import {
  findTopLevel,
  patternNames,
  spanText,
  splitTopLevel,
  toLocal,
  type FunctionScope,
  type LocalName,
} from './mutate-scope.js';

/** A function body's braces and what precedes them. */
interface FunctionBody {
  body: Span;
  /** The parameter list's parentheses, or a lone arrow parameter as [i, i] with `isBare`. */
  params: Span;
  isBare: boolean;
  name: string | null;
  returnType: string | null;
}

const NOT_FUNCTIONS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'typeof', 'await']);
const MODIFIERS = new Set(['public', 'private', 'protected', 'readonly', 'override', 'this']);

const TYPE_KEYWORDS = new Set(['typeof', 'keyof', 'void', 'asserts', 'is', 'unique']);
const DECLARATION_WORDS = new Set([
  'interface', 'type', 'enum', 'namespace', 'module', 'declare', 'implements', 'abstract',
]);
const TYPE_PUNCT = new Set(['.', '|', '&', '=>', '?', '<', '>', '>>', '>>>']);

/** Whether the token at `index` may be part of a return type annotation (read backwards). */
function isTypeToken(context: LineContext, index: number, angle: number): boolean {
  const token = context.tokens[index];
  if (token === undefined) return false;
  if (token.kind === 'ident') {
    return TYPE_KEYWORDS.has(token.text) || !(JS_PREFIX_KEYWORDS.has(token.text) || DECLARATION_WORDS.has(token.text));
  }
  if (token.kind === 'punct') return TYPE_PUNCT.has(token.text) || (token.text === ',' && angle > 0);
  return token.kind === 'string' || token.kind === 'number';
}

/** The `)` before a `: ReturnType` that ends at `end`, or `end` itself when there is no annotation. */
function skipReturnType(context: LineContext, end: number): number {
  if (textAt(context, end) === ')') return end;
  let angle = 0;
  for (let at = end; at > end - 60 && at > 0; at -= 1) {
    const text = textAt(context, at);
    if (text === ')' || text === ']') {
      at = Math.min(at, context.partner.get(at) ?? at);
      continue;
    }
    if (text === ':' && angle <= 0) return at - 1;
    if (!isTypeToken(context, at, angle)) return end;
    if (/^>{1,3}$/.test(text)) angle += text.length;
    if (text === '<') angle -= 1;
  }
  return end;
}

function bodyAt(context: LineContext, brace: number): FunctionBody | null {
  const close = context.partner.get(brace);
  if (close === undefined || close < brace) return null;
  const isArrow = textAt(context, brace - 1) === '=>';
  const headerEnd = brace - (isArrow ? 2 : 1);
  const end = skipReturnType(context, headerEnd);
  const returnType = end === headerEnd ? null : spanText(context, end + 2, headerEnd);
  const found = { body: [brace, close] satisfies Span, isBare: false, name: null, returnType };
  if (isArrow && textAt(context, end) !== ')') {
    const isBare = context.tokens[end]?.kind === 'ident' && isOperandEnd(context, end);
    return isBare ? { ...found, params: [end, end], isBare } : null;
  }
  const open = textAt(context, end) === ')' ? context.partner.get(end) : undefined;
  if (open === undefined || open > end) return null;
  if (isArrow) return { ...found, params: [open, end] };
  let nameAt = open - 1;
  if (textAt(context, nameAt) === '>') {
    while (nameAt > 0 && textAt(context, nameAt) !== '<') nameAt -= 1;
    nameAt -= 1;
  }
  const name = context.tokens[nameAt];
  if (name?.kind !== 'ident' || NOT_FUNCTIONS.has(name.text)) return null;
  return { ...found, params: [open, end], name: name.text === 'function' ? null : name.text };
}

function readParams(context: LineContext, found: FunctionBody): LocalName[] {
  const [open, close] = found.params;
  if (found.isBare) return [toLocal(context, open, null)];
  return splitTopLevel(context, open + 1, close - 1).flatMap(([from, to]): LocalName[] => {
    let at = from;
    while (MODIFIERS.has(textAt(context, at)) || textAt(context, at) === '...') at += 1;
    const colon = findTopLevel(context, [at, to], [':']);
    const equals = findTopLevel(context, [at, to], ['=']);
    const typeEnd = equals === -1 ? to : equals - 1;
    const type = colon === -1 || (equals !== -1 && equals < colon) ? null : spanText(context, colon + 1, typeEnd);
    if (textAt(context, at) === '{' || textAt(context, at) === '[') {
      return patternNames(context, at).map((index) => toLocal(context, index, null));
    }
    return context.tokens[at]?.kind === 'ident' && at <= to ? [toLocal(context, at, type)] : [];
  });
}

/** Where the declarator starting at `at` ends: the index of its separating `,`, or -1 when the list ends. */
function nextDeclarator(context: LineContext, at: number, depth: number, limit: number): number {
  let angle = 0;
  let hasInitializer = false;
  for (let next = at + 1; next < limit; next += 1) {
    const text = textAt(context, next);
    const level = bracketDepth(context, next);
    if (level < depth) return -1;
    if (level > depth) continue;
    const isNewLine = context.tokens[next]?.line !== context.tokens[next - 1]?.line;
    if ([';', 'of', 'in'].includes(text) || (isNewLine && text !== ',' && textAt(context, next - 1) !== ',')) return -1;
    if (text === '=') hasInitializer = true;
    if (!hasInitializer && text === '<') angle += 1;
    if (!hasInitializer && /^>{1,3}$/.test(text)) angle -= text.length;
    if (text === ',' && angle <= 0) return next;
  }
  return -1;
}

/** The type annotation after the declared name at `at` (`let total: number = 0`), or null. */
function declaredType(context: LineContext, at: number, separator: number, limit: number): string | null {
  if (textAt(context, at + 1) !== ':') return null;
  const equals = findTopLevel(context, [at + 2, separator === -1 ? limit : separator], ['=', ';']);
  let end = (equals !== -1 ? equals : separator !== -1 ? separator : limit) - 1;
  while (end > at + 2 && context.tokens[end]?.line !== context.tokens[at]?.line) end -= 1;
  return spanText(context, at + 2, end);
}

/** Declarators after `let`/`const`/`var` at `keyword`: `let a = 1, b: T = 2`, `const { x, y } = o`. */
function readDeclaration(context: LineContext, keyword: number, limit: number): LocalName[] {
  const depth = bracketDepth(context, keyword);
  const locals: LocalName[] = [];
  for (let at = keyword + 1; at > 0 && at < limit; ) {
    const separator = nextDeclarator(context, at, depth, limit);
    const text = textAt(context, at);
    if (text === '{' || text === '[') {
      locals.push(...patternNames(context, at).map((index) => toLocal(context, index, null)));
    } else if (context.tokens[at]?.kind === 'ident') {
      locals.push(toLocal(context, at, declaredType(context, at, separator, limit)));
    } else break;
    at = separator + 1;
  }
  return locals;
}

/** Every function body of the file, outermost first. */
function findBodies(context: LineContext): FunctionBody[] {
  return context.tokens
    .flatMap((token, index) => (token.text === '{' ? [bodyAt(context, index)] : []))
    .filter((body) => body !== null);
}

/** The innermost JavaScript function around the target line (or, failing that, one on the line). */
export function findJsScope(context: LineContext): FunctionScope | null {
  const bodies = findBodies(context);
  const around = bodies.filter(({ body }) => body[0] < context.first && body[1] > context.last).at(-1);
  const found = around ?? bodies.find(({ body }) => body[0] >= context.first && body[0] <= context.last);
  if (found === undefined) return null;
  const [brace, close] = found.body;
  const nested = bodies
    .filter(({ body }) => body[0] > brace && body[1] < close)
    .map(({ body, params }) => [Math.min(body[0], params[0]), body[1]]);
  const locals: LocalName[] = [];
  let hasReturn = false;
  for (let at = brace + 1; at < close; at += 1) {
    const inner = nested.find(([start]) => start === at);
    if (inner !== undefined) at = inner[1] ?? at;
    const text = textAt(context, at);
    if (textAt(context, at - 1) === '.' || context.tokens[at]?.kind !== 'ident') continue;
    if (text === 'return') hasReturn = true;
    if (text === 'let' || text === 'const' || text === 'var') locals.push(...readDeclaration(context, at, close));
  }
  const params = readParams(context, found);
  return { name: found.name, body: found.body, params, locals, hasReturn, returnType: found.returnType };
}
