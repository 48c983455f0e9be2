import type TS from 'typescript';
import type { CodeSymbol } from './types.js';

/**
 * The named declarations of a JS/TS file, found with the TypeScript parser: top-level functions,
 * classes (and their methods, accessors and function-valued properties as `Class.member`),
 * variables (and the function members of an object literal as `name.member`), interfaces, type
 * aliases and enums, exported or not, plus CommonJS `exports.name = …`. Ranges start at the
 * leading comment (JSDoc) when there is one.
 */

type Ts = typeof TS;

/** True for the file names this indexer reads. */
export function isTsLike(path: string): boolean {
  return /\.(m|c)?(t|j)sx?$/.test(path) && !path.endsWith('.d.ts');
}

function scriptKind(ts: Ts, fileName: string): TS.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return /\.[cm]?ts$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

function textOf(ts: Ts, name: TS.Node | undefined): string | null {
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return null;
}

function isFunctionValue(ts: Ts, node: TS.Node | undefined): boolean {
  return node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
}

/** Pure given the parser: every named declaration of `text`, in source order. */
export function listTsSymbols(ts: Ts, fileName: string, text: string): CodeSymbol[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(ts, fileName));
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line + 1;
  const found: CodeSymbol[] = [];
  const add = (name: string | null, kind: CodeSymbol['kind'], node: TS.Node): void => {
    if (name === null) return;
    // Only the comments directly above (no blank line between): a JSDoc, not a file's licence header.
    let startLine = lineOf(node.getStart(source));
    for (const comment of (ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []).reverse()) {
      if (lineOf(comment.end) < startLine - 1) break;
      startLine = lineOf(comment.pos);
    }
    found.push({ name, kind, startLine, endLine: lineOf(node.getEnd()) });
  };
  const addMembers = (owner: string, members: ReadonlyArray<TS.ClassElement | TS.ObjectLiteralElementLike>): void => {
    for (const member of members) {
      const isMethod = ts.isMethodDeclaration(member) || ts.isGetAccessor(member) || ts.isSetAccessor(member);
      const isFunctionProperty =
        (ts.isPropertyDeclaration(member) || ts.isPropertyAssignment(member)) && isFunctionValue(ts, member.initializer);
      const name = ts.isConstructorDeclaration(member) ? 'constructor' : textOf(ts, member.name);
      if (name !== null && (isMethod || isFunctionProperty || ts.isConstructorDeclaration(member))) {
        add(`${owner}.${name}`, 'method', member);
      }
    }
  };
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement)) {
      add(statement.name?.text ?? 'default', 'function', statement);
    } else if (ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      add(name, 'class', statement);
      addMembers(name, statement.members);
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      add(statement.name.text, 'type', statement);
    } else if (ts.isVariableStatement(statement)) {
      const declarations = statement.declarationList.declarations;
      for (const declaration of declarations) {
        const name = textOf(ts, declaration.name);
        const init = declaration.initializer;
        const kind = isFunctionValue(ts, init) ? 'function' : init && ts.isClassExpression(init) ? 'class' : 'variable';
        add(name, kind, declarations.length === 1 ? statement : declaration);
        if (name && init && ts.isObjectLiteralExpression(init)) addMembers(name, init.properties);
        if (name && init && ts.isClassExpression(init)) addMembers(name, init.members);
      }
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
      const target = statement.expression.left;
      const isExports =
        ts.isPropertyAccessExpression(target) &&
        (target.expression.getText(source) === 'exports' || target.expression.getText(source) === 'module.exports');
      if (isExports) add(target.name.text, isFunctionValue(ts, statement.expression.right) ? 'function' : 'variable', statement);
    }
  }
  return found;
}


