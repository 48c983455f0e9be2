import type TS from 'typescript';
import { applyTextEdits, isJsLike, makePatternCandidate, pickLocations, type TextEdit } from './pattern-edit.js';
import type { RepoView } from './pattern-repo.js';
import { calleeName, findEnclosingFunction, isAsyncFunction, lineAt, listNodes, parseJs, positionAt, type Ts } from './pattern-ts.js';
import type { FailureAnalysis, FixCandidate } from '../types.js';

/** How many lines above the failing line a forgotten `await` is looked for (same function only). */
const WINDOW = 3;
const TEST_CALLERS = new Set(['it', 'test', 'specify', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'before', 'after']);
const CALLBACK_PARAMS = new Set(['done', 'cb', 'callback', 'next']);
const NOT_NAMES = new Set(['if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'constructor']);
const ASYNC_DECLARATIONS = [
  /\basync\s+function\s*\*?\s*([A-Za-z_$][\w$]*)/g,
  /([A-Za-z_$][\w$]*)\s*[:=]\s*async\b/g,
  /^[ \t]*(?:(?:public|private|protected|static|override|readonly)\s+)*async\s+\*?\s*([A-Za-z_$][\w$]*)\s*[(<]/gm,
  /\bfunction\s+([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\([^)]*\)\s*:\s*Promise\s*</g,
  /^[ \t]*(?:(?:public|private|protected|static|override|readonly)\s+)*([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*:\s*Promise\s*</gm,
];

/** True when a failure looks like a promise used as its value. */
export function isPromiseMisuse(analysis: FailureAnalysis): boolean {
  if (analysis.category === 'async') return true;
  return /\bPromise\b|\[object Promise\]/.test(analysis.message) || /Cannot read propert(y|ies) of undefined|is not a function|is not iterable/.test(analysis.message);
}

const asyncNamesByRepo = new WeakMap<RepoView, Promise<Set<string>>>();

/** Names of functions and methods the repository declares `async` (or typed to return a Promise), plus `fetch`. */
export function collectAsyncNames(repo: RepoView): Promise<Set<string>> {
  let names = asyncNamesByRepo.get(repo);
  if (names === undefined) {
    names = scanAsyncNames(repo);
    asyncNamesByRepo.set(repo, names);
  }
  return names;
}

async function scanAsyncNames(repo: RepoView): Promise<Set<string>> {
  const names = new Set(['fetch']);
  for (const path of await repo.files()) {
    if (!isJsLike(path)) continue;
    const text = (await repo.read(path)) ?? '';
    if (!text.includes('async') && !text.includes('Promise')) continue;
    for (const pattern of ASYNC_DECLARATIONS) {
      for (const match of text.matchAll(pattern)) if (match[1] && !NOT_NAMES.has(match[1])) names.add(match[1]);
    }
  }
  return names;
}

function skipParens(ts: Ts, node: TS.Node): TS.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** The leftmost name of a callee: `test.each(rows)` → test. */
function rootName(ts: Ts, node: TS.Expression): string | null {
  let current: TS.Expression = node;
  while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current) || ts.isTaggedTemplateExpression(current)) {
    current = ts.isTaggedTemplateExpression(current) ? current.tag : current.expression;
  }
  return ts.isIdentifier(current) ? current.text : null;
}

function isTestCallback(ts: Ts, fn: TS.SignatureDeclaration): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const call = skipParens(ts, fn).parent;
  if (!ts.isCallExpression(call) || !call.arguments.some((argument) => argument === fn)) return false;
  const root = rootName(ts, call.expression);
  const params = fn.parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? parameter.name.text : ''));
  return root !== null && TEST_CALLERS.has(root) && !params.some((name) => CALLBACK_PARAMS.has(name));
}

/** True when the promise a call returns is dropped or used as a value, rather than handled. */
function isUnhandled(ts: Ts, call: TS.CallExpression, fn: TS.SignatureDeclaration): boolean {
  const node = skipParens(ts, call);
  const parent = node.parent;
  if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent) || ts.isVoidExpression(parent) || ts.isYieldExpression(parent)) return false;
  if (ts.isArrowFunction(parent) && parent.body === node) return false;
  if (ts.isPropertyAccessExpression(parent) && ['then', 'catch', 'finally'].includes(parent.name.text)) return false;
  const holder = ts.isArrayLiteralExpression(parent) ? parent.parent : parent;
  if (ts.isCallExpression(holder) && holder.expression !== node) {
    const callee = holder.expression.getText();
    if (/^Promise\.(all|allSettled|race|any)$/.test(callee)) return false;
    if (callee === 'expect' && ts.isPropertyAccessExpression(holder.parent) && ['resolves', 'rejects'].includes(holder.parent.name.text)) return false;
  }
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const name = parent.name.text.replaceAll('$', '\\$');
    if (new RegExp(`\\bawait\\s+${name}\\b`).test(fn.getText())) return false;
  }
  return true;
}

function innermostFunction(ts: Ts, source: TS.SourceFile, position: number): TS.SignatureDeclaration | null {
  let found: TS.SignatureDeclaration | null = null;
  for (const node of listNodes(ts, source)) {
    if (ts.isFunctionLike(node) && node.getStart(source) <= position && position < node.getEnd()) found = node;
  }
  return found;
}

function planAwait(ts: Ts, source: TS.SourceFile, call: TS.CallExpression, fn: TS.SignatureDeclaration): TextEdit[] {
  const node = skipParens(ts, call);
  const parent = node.parent;
  const isOperand =
    ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && parent.expression === node) ||
    (ts.isTaggedTemplateExpression(parent) && parent.tag === node);
  const start = call.getStart(source);
  const edits: TextEdit[] = isOperand
    ? [{ start, end: start, text: '(await ' }, { start: call.getEnd(), end: call.getEnd(), text: ')' }]
    : [{ start, end: start, text: 'await ' }];
  if (!isAsyncFunction(ts, fn)) edits.push({ start: fn.getStart(source), end: fn.getStart(source), text: 'async ' });
  return edits;
}

/**
 * Pattern 3 (JS/TS): a promise used as a value. Near the failing line, in the same function, a call
 * to a function the repository declares async is not awaited: add `await` (and `async` to a test
 * callback that lacks it). Functions that are neither async nor test callbacks are left alone.
 */
export async function proposeJsAwait(analysis: FailureAnalysis, repo: RepoView, ts: Ts): Promise<FixCandidate[]> {
  if (!isPromiseMisuse(analysis)) return [];
  const asyncNames = await collectAsyncNames(repo);
  for (const location of pickLocations(analysis).filter((candidate) => isJsLike(candidate.file))) {
    const text = await repo.read(location.file);
    if (text === null) continue;
    const source = parseJs(ts, location.file, text);
    const position = positionAt(source, location.line, location.column);
    const fn = innermostFunction(ts, source, position);
    if (fn === null || (!isAsyncFunction(ts, fn) && !isTestCallback(ts, fn))) continue;
    const calls = listNodes(ts, source).filter((node): node is TS.CallExpression => {
      if (!ts.isCallExpression(node) || findEnclosingFunction(ts, node) !== fn) return false;
      const line = lineAt(source, node.getStart(source));
      const name = calleeName(ts, node);
      return line <= location.line && line >= location.line - WINDOW && name !== null && asyncNames.has(name) && isUnhandled(ts, node, fn);
    });
    // The nearest call above the failure: the last one starting on or before its line.
    const call = calls.sort((a, b) => a.getStart(source) - b.getStart(source)).at(-1);
    if (call === undefined) continue;
    const after = applyTextEdits(text, planAwait(ts, source, call, fn));
    const description = `await \`${calleeName(ts, call) ?? 'call'}(…)\` at ${location.file}:${lineAt(source, call.getStart(source))}`;
    const candidate = makePatternCandidate(analysis, 'missing-await', description, location.file, text, after);
    if (candidate) return [candidate];
  }
  return [];
}
