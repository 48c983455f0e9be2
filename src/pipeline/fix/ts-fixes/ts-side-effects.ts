import type TS from 'typescript';

/** A replaced range of a source file: [start, end). */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * True when the ranges remove code that does something when it runs, or that callers depend on: a
 * call, `new`, `await`, `yield`, a tagged template, `delete`, an assignment or `++`/`--`, a
 * decorator, a static block, or a parameter (removing one shifts every later argument).
 * A getter read (`const x = o.prop`) is not caught: deleting one is judged harmless.
 */
export function deletesEffects(ts: typeof TS, sourceFile: TS.SourceFile, ranges: readonly TextRange[]): boolean {
  const removed = ranges.filter((range) => range.end > range.start);
  const isInside = (node: TS.Node): boolean => removed.some((range) => node.getStart(sourceFile) >= range.start && node.end <= range.end);
  const overlaps = (node: TS.Node): boolean => removed.some((range) => node.pos < range.end && node.end > range.start);
  const visit = (node: TS.Node): boolean => {
    if (!overlaps(node)) return false;
    if (isInside(node) && hasEffect(ts, node)) return true;
    return ts.forEachChild(node, (child) => (visit(child) ? true : undefined)) ?? false;
  };
  return removed.length > 0 && visit(sourceFile);
}

function hasEffect(ts: typeof TS, node: TS.Node): boolean {
  const { SyntaxKind } = ts;
  switch (node.kind) {
    case SyntaxKind.CallExpression:
    case SyntaxKind.NewExpression:
    case SyntaxKind.AwaitExpression:
    case SyntaxKind.YieldExpression:
    case SyntaxKind.TaggedTemplateExpression:
    case SyntaxKind.DeleteExpression:
    case SyntaxKind.Decorator:
    case SyntaxKind.ClassStaticBlockDeclaration:
    case SyntaxKind.Parameter:
      return true;
    default:
      break;
  }
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
    return node.operator === SyntaxKind.PlusPlusToken || node.operator === SyntaxKind.MinusMinusToken;
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    return operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment;
  }
  return false;
}
