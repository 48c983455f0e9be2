import { isBlank, matchAt, matchPunct, scanQuoted, TokenSink, type Token } from './mutate-tokens.js';

const OPERATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '**', '<<', '>>',
];
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+n?|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?)/y;
const IDENT = /[A-Za-z_$#\u0080-\uffff][\w$\u0080-\uffff]*/y;

/** Keywords after which an expression starts (so `/` opens a regex, `<` and `-` are not binary). */
export const JS_PREFIX_KEYWORDS: ReadonlySet<string> = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await', 'if', 'while', 'for', 'switch', 'catch', 'with', 'let', 'const', 'var', 'function',
  'class', 'import', 'export', 'extends', 'as', 'satisfies', 'keyof',
]);

function isOperandEnd(token: Token | undefined): boolean {
  if (token === undefined) return false;
  if (token.kind === 'ident') return !JS_PREFIX_KEYWORDS.has(token.text);
  if (token.kind === 'punct') return token.text === ')' || token.text === ']' || token.text === '}';
  return token.kind !== 'comment';
}

/** End of a template literal opened at `start`, skipping `${…}` parts with their own strings and templates. */
function scanTemplate(source: string, start: number): number {
  let at = start + 1;
  while (at < source.length) {
    const char = source.charAt(at);
    if (char === '\\') at += 2;
    else if (char === '`') return at + 1;
    else if (char === '$' && source.charAt(at + 1) === '{') at = scanTemplatePart(source, at + 2);
    else at += 1;
  }
  return source.length;
}

function scanTemplatePart(source: string, start: number): number {
  let depth = 0;
  let at = start;
  while (at < source.length) {
    const char = source.charAt(at);
    if (char === '"' || char === "'") at = scanQuoted(source, at, char);
    else if (char === '`') at = scanTemplate(source, at);
    else if (char === '}' && depth === 0) return at + 1;
    else {
      if (char === '{') depth += 1;
      if (char === '}') depth -= 1;
      at += 1;
    }
  }
  return source.length;
}

/** End of a regex literal at `start`, or -1 when no closing `/` comes before the line ends. */
function scanRegex(source: string, start: number): number {
  let inClass = false;
  let at = start + 1;
  while (at < source.length) {
    const char = source.charAt(at);
    if (char === '\n' || char === '\r') return -1;
    if (char === '\\') at += 2;
    else if (char === '/' && !inClass) return at + 1 + matchAt(/[a-z]*/y, source, at + 1);
    else {
      if (char === '[') inClass = true;
      if (char === ']') inClass = false;
      at += 1;
    }
  }
  return -1;
}

/**
 * Tokenizes JavaScript or TypeScript. A `/` opens a regex literal when no operand precedes it (the
 * usual heuristic; `}` counts as an operand) and the literal closes on the same line.
 */
export function tokenizeJs(source: string): Token[] {
  const sink = new TokenSink(source);
  let last: Token | undefined;
  let at = 0;
  while (at < source.length) {
    const char = source.charAt(at);
    const next = source.charAt(at + 1);
    if (char === '\n') {
      sink.newline();
      at += 1;
      continue;
    }
    if (isBlank(char)) {
      at += 1;
      continue;
    }
    let token: Token;
    if ((char === '/' && next === '/') || (at === 0 && char === '#' && next === '!')) {
      const end = source.indexOf('\n', at);
      token = sink.push('comment', at, end === -1 ? source.length : end);
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', at + 2);
      token = sink.push('comment', at, end === -1 ? source.length : end + 2);
    } else if (char === '"' || char === "'") token = sink.push('string', at, scanQuoted(source, at, char));
    else if (char === '`') token = sink.push('string', at, scanTemplate(source, at));
    else if (char === '/' && !isOperandEnd(last) && scanRegex(source, at) !== -1) {
      token = sink.push('regex', at, scanRegex(source, at));
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next))) {
      token = sink.push('number', at, at + Math.max(1, matchAt(NUMBER, source, at)));
    } else if (matchAt(IDENT, source, at) > 0) token = sink.push('ident', at, at + matchAt(IDENT, source, at));
    else token = sink.push('punct', at, at + matchPunct(source, at, OPERATORS).length);
    if (token.kind !== 'comment') last = token;
    at = token.end;
  }
  return sink.tokens;
}
