import type TS from 'typescript';

/** The TypeScript compiler API, as `loadTypeScript()` gives it. */
export type Ts = typeof TS;

/** Parses a JS/TS file with parent pointers, in the script kind its extension implies. */
export function parseJs(ts: Ts, path: string, text: string): TS.SourceFile {
  let kind = ts.ScriptKind.JS;
  if (path.endsWith('.tsx')) kind = ts.ScriptKind.TSX;
  else if (path.endsWith('.jsx')) kind = ts.ScriptKind.JSX;
  else if (/\.[cm]?ts$/.test(path)) kind = ts.ScriptKind.TS;
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
}

/** The 1-based line of an offset. */
export function lineAt(source: TS.SourceFile, position: number): number {
  return source.getLineAndCharacterOfPosition(position).line + 1;
}

/** The offset of a 1-based line and column, clamped to the file. */
export function positionAt(source: TS.SourceFile, line: number, column: number): number {
  const lineCount = source.getLineStarts().length;
  const safeLine = Math.min(Math.max(line, 1), lineCount) - 1;
  const start = source.getPositionOfLineAndCharacter(safeLine, 0);
  const end = safeLine + 1 < lineCount ? source.getPositionOfLineAndCharacter(safeLine + 1, 0) : source.text.length;
  return Math.min(start + Math.max(column - 1, 0), Math.max(end - 1, start));
}

/** Every node of the file, depth first. */
export function listNodes(ts: Ts, source: TS.SourceFile): TS.Node[] {
  const nodes: TS.Node[] = [];
  const visit = (node: TS.Node): void => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return nodes;
}

/** The nearest function-like node around `node`, or null at module level. */
export function findEnclosingFunction(ts: Ts, node: TS.Node): TS.SignatureDeclaration | null {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return null;
}

/** True when a function node carries the `async` modifier. */
export function isAsyncFunction(ts: Ts, fn: TS.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

/** The name a call is made by: `f()` → f, `a.b.f()` → f. */
export function calleeName(ts: Ts, call: TS.CallExpression): string | null {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}
