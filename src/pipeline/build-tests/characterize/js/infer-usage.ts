import type TS from 'typescript';
import type { PropertyShape, ValueShape } from './js-values.js';

type Ts = typeof TS;

/**
 * What an untyped parameter must be, read from how the function uses it: `s.trim()` makes it a
 * string, `xs.map(…)` an array, `m.get(…)` a Map, `n * 2` a number, `o.total` an object with a
 * `total`, and `fn(…)` a callback.
 */

const STRING_METHODS = new Set(
  'trim trimStart trimEnd toUpperCase toLowerCase toLocaleUpperCase toLocaleLowerCase split startsWith endsWith padStart padEnd replace replaceAll charAt charCodeAt codePointAt substring substr normalize localeCompare repeat match matchAll search'.split(' '),
);
const ARRAY_METHODS = new Set('map filter reduce reduceRight forEach some every find findIndex findLast flatMap flat push pop shift unshift sort reverse splice fill'.split(' '));
const MAP_METHODS = new Set(['get', 'set']);
const NUMBER_METHODS = new Set(['toFixed', 'toPrecision', 'toExponential']);
const MATH_LIKE = /^(Math\.\w+|Number\.is\w+|Number\.parse\w+|isNaN|isFinite)$/;

type Vote = 'callback' | 'map' | 'array' | 'string' | 'number';
const PRIORITY: Vote[] = ['callback', 'map', 'array', 'string', 'number'];

interface Votes {
  counts: Map<Vote, number>;
  properties: Map<string, Votes>;
}

const newVotes = (): Votes => ({ counts: new Map(), properties: new Map() });

function isArithmetic(ts: Ts, kind: TS.SyntaxKind): boolean {
  const k = ts.SyntaxKind;
  return [k.MinusToken, k.AsteriskToken, k.SlashToken, k.PercentToken, k.AsteriskAsteriskToken, k.MinusEqualsToken, k.AsteriskEqualsToken, k.SlashEqualsToken].includes(kind);
}

function isRelational(ts: Ts, kind: TS.SyntaxKind): boolean {
  const k = ts.SyntaxKind;
  return [k.LessThanToken, k.LessThanEqualsToken, k.GreaterThanToken, k.GreaterThanEqualsToken, k.EqualsEqualsEqualsToken, k.ExclamationEqualsEqualsToken].includes(kind);
}

function voteOn(ts: Ts, node: TS.Expression, votes: Votes, depth: number): void {
  const vote = (kind: Vote): void => void votes.counts.set(kind, (votes.counts.get(kind) ?? 0) + 1);
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.expression === node) return vote('callback');
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    const name = parent.name.text;
    const isCall = ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
    if (isCall && STRING_METHODS.has(name)) return vote('string');
    if (isCall && ARRAY_METHODS.has(name)) return vote('array');
    if (isCall && MAP_METHODS.has(name)) return vote('map');
    if (isCall && NUMBER_METHODS.has(name)) return vote('number');
    if (!isCall && name !== 'length' && depth === 0) {
      const inner = votes.properties.get(name) ?? newVotes();
      votes.properties.set(name, inner);
      voteOn(ts, parent, inner, depth + 1);
    }
    return;
  }
  if (ts.isBinaryExpression(parent)) {
    const other = parent.left === node ? parent.right : parent.left;
    const operator = parent.operatorToken.kind;
    if (isArithmetic(ts, operator)) return vote('number');
    if (isRelational(ts, operator) && (ts.isNumericLiteral(other) || ts.isPrefixUnaryExpression(other))) return vote('number');
    if (isRelational(ts, operator) && ts.isStringLiteralLike(other)) return vote('string');
    return;
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    if (parent.operator !== ts.SyntaxKind.ExclamationToken) vote('number');
    return;
  }
  if (ts.isSpreadElement(parent) || (ts.isForOfStatement(parent) && parent.expression === node)) return vote('array');
  if (ts.isCallExpression(parent) && MATH_LIKE.test(parent.expression.getText())) return vote('number');
}

function decide(votes: Votes): ValueShape | 'callback' | null {
  let best: Vote | null = null;
  for (const kind of PRIORITY) if ((votes.counts.get(kind) ?? 0) > (best ? (votes.counts.get(best) ?? 0) : 0)) best = kind;
  if (best === 'callback') return 'callback';
  if (best === 'map') return { kind: 'map', key: { kind: 'string' }, value: { kind: 'number' } };
  if (best === 'array') return { kind: 'array', element: { kind: 'unknown' } };
  if (best === 'string' || best === 'number') return { kind: best };
  if (votes.properties.size === 0) return null;
  const properties: PropertyShape[] = [...votes.properties].map(([name, inner]) => {
    const shape = decide(inner);
    return { name, shape: shape === null || shape === 'callback' ? { kind: 'unknown' } : shape, isOptional: false };
  });
  return { kind: 'object', properties };
}

/** The shape `body`'s uses of the parameter `symbol` imply, "callback" when it is called, or null. */
export function inferUsage(ts: Ts, checker: TS.TypeChecker, body: TS.Node, symbol: TS.Symbol): ValueShape | 'callback' | null {
  const votes = newVotes();
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && checker.getSymbolAtLocation(node) === symbol && !ts.isParameter(node.parent)) voteOn(ts, node, votes, 0);
    ts.forEachChild(node, visit);
  };
  visit(body);
  return decide(votes);
}
