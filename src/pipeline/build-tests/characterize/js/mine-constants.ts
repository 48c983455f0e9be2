import type TS from 'typescript';
import type { MinedConstants } from './js-values.js';
import type { FunctionNode } from './read-program.js';
import { sampleRegex } from './sample-regex.js';

type Ts = typeof TS;
type Literal = string | number;

/**
 * The literals a function works with: every string and number in its body and in the module-level
 * constants it reads (a lookup table's keys), and, per parameter, the literals it is compared
 * against (`percent >= 100`, `code === "SAVE10"`, `case "express":`, `RATES[kind]`,
 * `["a", "b"].includes(x)`, `/^\d+$/.test(x)`, where a string the pattern matches is tried). Numbers compared against are tried one below and above too: those
 * reach the branches the usual inputs miss.
 */

const MAX_POOL = 12;
const MAX_STRING = 40;

/** Literals attributed to parameters (by symbol), and every literal of the function. */
export interface MinedFunction {
  pool: MinedConstants;
  bySymbol: Map<TS.Symbol, MinedConstants>;
}

function literalValue(ts: Ts, node: TS.Node): Literal | null {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isRegularExpressionLiteral(node)) return sampleRegex(node.text.slice(1, node.text.lastIndexOf('/')));
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  return null;
}

function isComparison(ts: Ts, kind: TS.SyntaxKind): boolean {
  const k = ts.SyntaxKind;
  return [k.LessThanToken, k.LessThanEqualsToken, k.GreaterThanToken, k.GreaterThanEqualsToken, k.EqualsEqualsEqualsToken, k.EqualsEqualsToken, k.ExclamationEqualsEqualsToken, k.ExclamationEqualsToken].includes(kind);
}

/** Error messages and module names are not inputs. */
function isNoise(ts: Ts, node: TS.Node): boolean {
  const parent = node.parent;
  if (ts.isNewExpression(parent) || ts.isThrowStatement(parent) || ts.isImportDeclaration(parent) || ts.isExpressionStatement(parent)) return true;
  return ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'require';
}

function around(numbers: readonly number[]): number[] {
  return [...numbers, ...numbers.map((n) => n - 1), ...numbers.map((n) => n + 1)];
}

function toConstants(values: readonly Literal[], limit: number): MinedConstants {
  const strings = [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length <= MAX_STRING))].slice(0, limit);
  const numbers = [...new Set(values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)))].slice(0, limit);
  return { strings, numbers };
}

/** The literals `fn` compares its parameters against and every literal it (or a constant it reads) holds. */
export function mineConstants(ts: Ts, checker: TS.TypeChecker, fn: FunctionNode): MinedFunction {
  const pool: Literal[] = [];
  const samples: Literal[] = [];
  const attributed = new Map<TS.Symbol, { literals: Literal[]; compared: number[] }>();
  const attribute = (symbol: TS.Symbol, values: readonly Literal[], isCompared: boolean): void => {
    const entry = attributed.get(symbol) ?? { literals: [], compared: [] };
    attributed.set(symbol, entry);
    for (const value of values) (isCompared && typeof value === 'number' ? entry.compared : entry.literals).push(value);
  };
  const paramSymbol = (node: TS.Node): TS.Symbol | null => {
    if (!ts.isIdentifier(node)) return null;
    const symbol = checker.getSymbolAtLocation(node);
    const declaration = symbol?.valueDeclaration;
    const isParam = declaration !== undefined && (ts.isParameter(declaration) || ts.isBindingElement(declaration)) && declaration.pos >= fn.pos && declaration.end <= fn.end;
    return isParam && symbol ? symbol : null;
  };
  /** The literals a module-level `const` holds: its value, an object's keys and values, a list's items. */
  const constantLiterals = (node: TS.Node): Literal[] | null => {
    const declaration = ts.isIdentifier(node) ? checker.getSymbolAtLocation(node)?.valueDeclaration : undefined;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return null;
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !ts.isSourceFile(list.parent.parent)) return null;
    const found: Literal[] = [];
    const collect = (inner: TS.Node): void => {
      if (ts.isPropertyAssignment(inner) && (ts.isIdentifier(inner.name) || ts.isStringLiteral(inner.name))) found.push(inner.name.text);
      const value = literalValue(ts, inner);
      if (value !== null) found.push(value);
      else if (!ts.isFunctionLike(inner)) ts.forEachChild(inner, collect);
    };
    collect(declaration.initializer);
    return found;
  };
  const visit = (node: TS.Node): void => {
    const value = literalValue(ts, node);
    if (value !== null && !isNoise(ts, node)) (ts.isRegularExpressionLiteral(node) ? samples : pool).push(value);
    if (ts.isIdentifier(node)) pool.push(...(constantLiterals(node) ?? []));
    if (ts.isBinaryExpression(node) && isComparison(ts, node.operatorToken.kind)) {
      const [left, right] = [node.left, node.right];
      const literal = literalValue(ts, right) ?? literalValue(ts, left) ?? constantLiterals(right)?.[0] ?? constantLiterals(left)?.[0] ?? null;
      const symbol = paramSymbol(left) ?? paramSymbol(right);
      if (typeof literal === 'number') pool.push(...around([literal]));
      if (literal !== null && symbol) attribute(symbol, [literal], true);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword) {
      const symbol = paramSymbol(node.left);
      if (symbol) attribute(symbol, constantLiterals(node.right) ?? [], false);
    }
    if (ts.isElementAccessExpression(node)) {
      const symbol = paramSymbol(node.argumentExpression);
      if (symbol) attribute(symbol, constantLiterals(node.expression) ?? [], false);
    }
    if (ts.isSwitchStatement(node)) {
      const symbol = paramSymbol(node.expression);
      const cases = node.caseBlock.clauses.flatMap((clause) => (ts.isCaseClause(clause) ? [literalValue(ts, clause.expression)] : []));
      if (symbol) attribute(symbol, cases.filter((c): c is Literal => c !== null), false);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const [owner, arg] = [node.expression.expression, node.arguments[0]];
      const itemsOf = (list: TS.Node): Literal[] =>
        (ts.isArrayLiteralExpression(list) ? list.elements.map((e) => literalValue(ts, e)) : (constantLiterals(list) ?? [literalValue(ts, list)])).filter((item): item is Literal => item !== null);
      // `list.includes(x)`, `pattern.test(x)`: the owner holds the inputs; `x.match(pattern)`: the argument does.
      const isLookup = ['includes', 'has', 'indexOf', 'test', 'exec'].includes(method);
      const symbol = isLookup ? (arg ? paramSymbol(arg) : null) : ['match', 'search'].includes(method) ? paramSymbol(owner) : null;
      const source = isLookup ? owner : arg;
      if (symbol && source) attribute(symbol, itemsOf(source), false);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  const bySymbol = new Map<TS.Symbol, MinedConstants>();
  for (const [symbol, entry] of attributed) {
    bySymbol.set(symbol, toConstants([...entry.literals, ...around(entry.compared)], MAX_POOL));
  }
  return { pool: toConstants([...samples, ...pool], MAX_POOL), bySymbol };
}
