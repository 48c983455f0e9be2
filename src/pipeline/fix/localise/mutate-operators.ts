import {
  describeChange,
  isOperandEnd,
  lineIndices,
  replaceToken,
  textAt,
  type LineContext,
  type Mutation,
  type MutationRule,
} from './mutate-context.js';
import { findAngleBrackets } from './mutate-angles.js';

type Swaps = ReadonlyMap<string, readonly string[]>;

const swaps = (entries: ReadonlyArray<[string, readonly string[]]>): Swaps => new Map(entries);

// The boundary swap (`<` → `<=`) comes first: it is the commoner slip.
const RELATIONAL = swaps([['<', ['<=', '>']], ['<=', ['<', '>=']], ['>', ['>=', '<']], ['>=', ['>', '<=']]]);
const JS_EQUALITY = swaps([['==', ['!=']], ['!=', ['==']], ['===', ['!==']], ['!==', ['===']]]);
const PYTHON_EQUALITY = swaps([['==', ['!=']], ['!=', ['==']]]);
const JS_ARITHMETIC = swaps([['+', ['-']], ['-', ['+']], ['*', ['/']], ['/', ['*']]]);
const PYTHON_ARITHMETIC = swaps([['+', ['-']], ['-', ['+']], ['*', ['/']], ['/', ['*', '//']], ['//', ['/']]]);
const COMPOUND = swaps([['+=', ['-=']], ['-=', ['+=']]]);
const NOT_AN_OPERAND_START = new Set([')', ']', '}', ';', ',', '>', '=', ':']);

function swapTokens(
  context: LineContext,
  rule: MutationRule,
  table: Swaps,
  accepts: (index: number) => boolean,
): Mutation[] {
  return lineIndices(context).flatMap((index) => {
    const token = context.tokens[index];
    const replacements = token?.kind === 'punct' || token?.kind === 'ident' ? table.get(token.text) : undefined;
    if (token === undefined || replacements === undefined || !accepts(index)) return [];
    return replacements.map((replacement) => ({
      rule,
      description: describeChange(context, token.text, replacement),
      edits: [replaceToken(context, index, replacement)],
    }));
  });
}

function hasRightOperand(context: LineContext, index: number): boolean {
  const next = context.tokens[index + 1];
  return next !== undefined && !NOT_AN_OPERAND_START.has(next.text);
}

/** `<` ↔ `<=`, `<` ↔ `>`, …, `==` ↔ `!=` (`===` ↔ `!==`); never a generic's or a JSX tag's angle. */
export function swapRelational(context: LineContext): Mutation[] {
  const angles = findAngleBrackets(context);
  const equality = context.language === 'js' ? JS_EQUALITY : PYTHON_EQUALITY;
  return swapTokens(
    context,
    'relational-swap',
    new Map([...RELATIONAL, ...equality]),
    (index) =>
      context.tokens[index]?.kind === 'punct' &&
      !angles.has(index) &&
      isOperandEnd(context, index - 1) &&
      hasRightOperand(context, index),
  );
}

/** `&&` ↔ `||` in JavaScript, `and` ↔ `or` in Python. */
export function swapLogical(context: LineContext): Mutation[] {
  const isJs = context.language === 'js';
  const logical = swaps(isJs ? [['&&', ['||']], ['||', ['&&']]] : [['and', ['or']], ['or', ['and']]]);
  return swapTokens(context, 'logical-swap', logical, (index) => (context.tokens[index]?.kind === 'punct') === isJs);
}

/** Binary `+` ↔ `-`, `*` ↔ `/` (Python also `/` ↔ `//`), and `+=` ↔ `-=`; unary signs are left alone. */
export function swapArithmetic(context: LineContext): Mutation[] {
  const binary = context.language === 'js' ? JS_ARITHMETIC : PYTHON_ARITHMETIC;
  return swapTokens(context, 'arithmetic-swap', new Map([...binary, ...COMPOUND]), (index) => {
    if (context.tokens[index]?.kind !== 'punct') return false;
    if (COMPOUND.has(textAt(context, index))) return true;
    // `export * from`, `import * as`, `export type * from`: a star, not a product.
    return isOperandEnd(context, index - 1) && !['as', 'from'].includes(textAt(context, index + 1));
  });
}
