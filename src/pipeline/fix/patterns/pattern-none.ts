import type TS from 'typescript';
import { applyTextEdits, isJsLike, makePatternCandidate, replaceLine, toLines } from './pattern-edit.js';
import { maskPython } from './pattern-py-text.js';
import type { RepoView } from './pattern-repo.js';
import { lineAt, listNodes, parseJs, type Ts } from './pattern-ts.js';
import type { FailureAnalysis, FixCandidate } from '../types.js';
import { isTestFile } from '../test-files.js';

/**
 * Pattern 5, the last resort of rung 3 (rule `guard-none`): an attribute read on undefined/None
 * is guarded where it fails. It hides the symptom as often as it fixes the cause, so its
 * candidates are marked for the caller to try last and the test run decides.
 */

/** The property a JS "read of undefined" names: V8, old V8 and JavaScriptCore wordings. */
export function readUndefinedProperty(message: string): string | null {
  const match =
    /Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '([^']*)'\)/.exec(message) ??
    /Cannot read property '([^']*)' of (?:undefined|null)/.exec(message) ??
    /(?:undefined|null) is not an object \(evaluating '[^']*?([\w$]+)'\)/.exec(message);
  return match?.[1] ?? null;
}

/** The attribute a Python `'NoneType' object has no attribute 'x'` names. */
export function readNoneAttribute(message: string): string | null {
  return /'NoneType' object has no attribute '(\w+)'/.exec(message)?.[1] ?? null;
}

function isGuardable(ts: Ts, node: TS.PropertyAccessExpression | TS.ElementAccessExpression): boolean {
  const parent = node.parent;
  const target = node.expression.kind;
  if (target === ts.SyntaxKind.ThisKeyword || target === ts.SyntaxKind.SuperKeyword) return false;
  // `a?.b = 1`, `a?.b++` and `new a?.B()` are syntax errors.
  if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) return false;
  return !(ts.isNewExpression(parent) && parent.expression === node) && !(ts.isTaggedTemplateExpression(parent) && parent.tag === node);
}

function planJsGuard(ts: Ts, source: TS.SourceFile, line: number, column: number, property: string): number | null {
  let best: { at: number; distance: number } | null = null;
  for (const node of listNodes(ts, source)) {
    let at: number | null = null;
    if (ts.isPropertyAccessExpression(node) && !node.questionDotToken && node.name.text === property && isGuardable(ts, node)) {
      at = source.text.indexOf('.', node.expression.getEnd());
    } else if (ts.isElementAccessExpression(node) && !node.questionDotToken && isGuardable(ts, node)) {
      const argument = node.argumentExpression;
      if ((ts.isStringLiteral(argument) || ts.isNumericLiteral(argument)) && argument.text === property) at = source.text.indexOf('[', node.expression.getEnd());
    }
    if (at === null || at === -1 || lineAt(source, at) !== line) continue;
    const distance = Math.abs(source.getLineAndCharacterOfPosition(at).character + 1 - column);
    if (best === null || distance < best.distance) best = { at, distance };
  }
  return best?.at ?? null;
}

async function proposeJsGuard(analysis: FailureAnalysis, repo: RepoView, ts: Ts, path: string, property: string): Promise<FixCandidate[]> {
  const location = analysis.location;
  const text = await repo.read(path);
  if (text === null || location === null) return [];
  const source = parseJs(ts, path, text);
  const at = planJsGuard(ts, source, location.line, location.column, property);
  if (at === null) return [];
  const isElement = source.text[at] === '[';
  const after = applyTextEdits(text, [{ start: at, end: at, text: isElement ? '?.' : '?' }]);
  const description = `guard \`${isElement ? `[${property}]` : `.${property}`}\` with \`?.\` at ${path}:${location.line}`;
  const candidate = makePatternCandidate(analysis, 'guard-none', description, path, text, after);
  return candidate ? [candidate] : [];
}

function hasTopLevelComma(code: string): boolean {
  let depth = 0;
  for (const char of code) {
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) return true;
  }
  return depth !== 0;
}

/** `return obj.x…` / `y = obj.x…` → `… if obj is not None else None`; null for any other shape. */
export function guardPyLine(line: string, code: string, attribute: string): string | null {
  const statement = /^(\s*)(return\s+|[A-Za-z_][\w.]*(?:\s*:\s*[^=]+)?\s*=(?!=)\s*)(\S.*?)\s*$/.exec(code);
  if (!statement) return null;
  const expressionStart = (statement[1] ?? '').length + (statement[2] ?? '').length;
  const expression = code.slice(expressionStart).trimEnd();
  if (/\b(if|else|lambda|for|yield|await)\b|\\$|:$/.test(expression) || hasTopLevelComma(expression)) return null;
  const access = new RegExp(`(?<![\\w.)\\]])([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)\\.${attribute}\\b`).exec(expression);
  const owner = access?.[1];
  if (owner === undefined) return null;
  const end = expressionStart + expression.length;
  return `${line.slice(0, end)} if ${owner} is not None else None${line.slice(end)}`;
}

async function proposePyGuard(analysis: FailureAnalysis, repo: RepoView, path: string, attribute: string): Promise<FixCandidate[]> {
  const location = analysis.location;
  const text = await repo.read(path);
  if (text === null || location === null) return [];
  const lines = toLines(text);
  const line = lines[location.line - 1];
  const code = maskPython(lines)[location.line - 1]?.code;
  if (line === undefined || code === undefined) return [];
  const fixed = guardPyLine(line, code, attribute);
  if (fixed === null) return [];
  const after = replaceLine(text, location.line, fixed);
  const candidate = makePatternCandidate(analysis, 'guard-none', `guard \`.${attribute}\` against None at ${path}:${location.line}`, path, text, after);
  return candidate ? [candidate] : [];
}

/** Pattern 5: guard the failing attribute read at a source (never test) location. */
export async function proposeNoneGuard(analysis: FailureAnalysis, repo: RepoView, ts: Ts | null): Promise<FixCandidate[]> {
  const path = analysis.location?.file;
  if (path === undefined || isTestFile(path)) return [];
  if (path.endsWith('.py')) {
    const attribute = readNoneAttribute(analysis.message);
    return attribute === null ? [] : proposePyGuard(analysis, repo, path, attribute);
  }
  const property = readUndefinedProperty(analysis.message);
  if (!isJsLike(path) || ts === null || property === null) return [];
  return proposeJsGuard(analysis, repo, ts, path, property);
}
