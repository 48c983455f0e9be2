import {
  bracketDepth,
  columnOf,
  describeChange,
  endsStatement,
  snippet,
  textAt,
  type LineContext,
  type Mutation,
} from './mutate-context.js';
import { JS_PREFIX_KEYWORDS } from './mutate-tokens-js.js';
import { PYTHON_KEYWORDS } from './mutate-tokens-python.js';
import { findTopLevel } from './mutate-scope.js';
import { findScope } from './mutate-variables.js';

const JS_STATEMENTS = new Set([
  ...JS_PREFIX_KEYWORDS, 'break', 'continue', 'try', 'finally', 'default', 'debugger', 'interface', 'type', 'enum',
]);
const JS_EXPRESSION_KEYWORDS = new Set(['await', 'new', 'typeof', 'void', 'yield', 'delete']);
const JS_EXPRESSION_STARTS = new Set(['(', '[', '!', '-', '+', '~']);
const PYTHON_EXPRESSION_KEYWORDS = new Set(['not', 'await', 'lambda']);
const PYTHON_EXPRESSION_STARTS = new Set(['(', '[', '{', '-', '+', '~']);
const ASSIGNMENT = /^(?:\*\*|<<|>>>?|&&|\|\||\?\?|\/\/|[-+*/%&|^@])?=$|^(?:\+\+|--)$/;
// A function declared to return nothing did not forget its return.
const NOTHING = new Set(['void', 'Promise<void>', 'never', 'None', 'NoReturn']);
const PYTHON_ASSIGNMENTS = ['=', ':', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '|=', '&=', '^=', '@=', '<<=', '>>='];

function prefixReturn(context: LineContext, to: number): Mutation[] {
  const start = context.tokens[context.first]?.start ?? 0;
  const statement = snippet(context, context.first, to);
  return [
    {
      rule: 'missing-return',
      description: describeChange(context, statement, `return ${statement}`),
      edits: [{ start, end: start, text: 'return ' }],
    },
  ];
}

function isJsExpressionStart(context: LineContext, index: number): boolean {
  const token = context.tokens[index];
  if (token === undefined) return false;
  if (token.kind === 'ident') return !JS_STATEMENTS.has(token.text) || JS_EXPRESSION_KEYWORDS.has(token.text);
  return token.kind !== 'punct' || JS_EXPRESSION_STARTS.has(token.text);
}

function missingJsReturn(context: LineContext): Mutation[] {
  const scope = findScope(context);
  if (scope === null || scope.hasReturn || NOTHING.has(scope.returnType ?? '')) return [];
  if (scope.name === 'constructor') return [];
  const [brace, close] = scope.body;
  const first = context.first;
  const startsStatement = ['{', ';', '}'].includes(textAt(context, first - 1));
  if (first <= brace || !startsStatement || !isJsExpressionStart(context, first)) return [];
  const depth = bracketDepth(context, first);
  if (depth !== bracketDepth(context, brace) + 1) return [];
  let end = first;
  for (; end < close; end += 1) {
    const text = textAt(context, end);
    if (bracketDepth(context, end) !== depth) continue;
    // Without semicolons, a new line at the statement's own indentation starts the next statement.
    const isNewLine = context.tokens[end]?.line !== context.tokens[end - 1]?.line;
    if (text === ';' || (end > first && isNewLine && columnOf(context, end) <= columnOf(context, first))) break;
    if (ASSIGNMENT.test(text)) return [];
  }
  const isLast = textAt(context, end) === ';' ? end + 1 === close : end === close;
  return isLast ? prefixReturn(context, end - 1) : [];
}

function missingPythonReturn(context: LineContext): Mutation[] {
  const scope = findScope(context);
  const first = context.first;
  if (scope === null || scope.hasReturn || first < scope.body[0] || NOTHING.has(scope.returnType ?? '')) return [];
  if (scope.name === '__init__') return [];
  const bodyFirst = scope.body[0];
  const isBlockBody = endsStatement(context, bodyFirst - 1) && columnOf(context, first) === columnOf(context, bodyFirst);
  const isStatement = endsStatement(context, first - 1);
  const token = context.tokens[first];
  const isKeyword = token?.kind === 'ident' && PYTHON_KEYWORDS.has(token.text) && !PYTHON_EXPRESSION_KEYWORDS.has(token.text);
  const isExpression = token !== undefined && !isKeyword && (token.kind !== 'punct' || PYTHON_EXPRESSION_STARTS.has(token.text));
  if (!isBlockBody || !isStatement || !isExpression) return [];
  let end = first;
  while (!endsStatement(context, end)) end += 1;
  const isDocstring = end === first && token.kind === 'string';
  if (end !== scope.body[1] || isDocstring || findTopLevel(context, [first, end], PYTHON_ASSIGNMENTS) !== -1) return [];
  return prefixReturn(context, end);
}

/**
 * `return` before the last statement of a function that returns nothing, when that statement is an
 * expression (not an assignment or a keyword statement): the forgotten `return` of `a + b`.
 */
export function addMissingReturn(context: LineContext): Mutation[] {
  return context.language === 'js' ? missingJsReturn(context) : missingPythonReturn(context);
}
