import type TS from 'typescript';
import { loadTypeScript } from '../../adapters/typescript.js';

/**
 * The functions of a JS/TS source file, found with the TypeScript parser, so that coverage tools
 * that give only a function's start line (lcov) or a bare name ("add", "(anonymous_5)") can be
 * given an end line and a qualified name ("Cart.add", "isFree"). TypeScript is imported lazily: it
 * is only needed after a test run, never on heal's start-up path.
 */
export interface SourceFunction {
  /** Qualified name: "total", "Cart.add", "Cart.constructor", "isFree"; null when anonymous. */
  name: string | null;
  /** 1-based lines the function's node covers, and lines where its name and body start. */
  startLine: number;
  endLine: number;
  nameLine: number;
  bodyLine: number;
}

type Ts = typeof TS;

function scriptKind(ts: Ts, fileName: string): TS.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return /\.[cm]?ts$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

function isFunctionWithBody(ts: Ts, node: TS.Node): node is TS.FunctionLikeDeclaration {
  const isFunction =
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node);
  return isFunction && node.body !== undefined;
}

function propertyName(ts: Ts, name: TS.PropertyName | TS.BindingName | undefined): string | null {
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  return null;
}

/** The name of the class or object literal variable that owns a member, when it has one. */
function ownerName(ts: Ts, container: TS.Node): string | null {
  if (ts.isClassLike(container)) return container.name?.text ?? null;
  if (ts.isObjectLiteralExpression(container) && ts.isVariableDeclaration(container.parent)) {
    return propertyName(ts, container.parent.name);
  }
  return null;
}

function qualify(owner: string | null, name: string | null): string | null {
  if (name === null) return null;
  return owner === null ? name : `${owner}.${name}`;
}

function nameOf(ts: Ts, node: TS.FunctionLikeDeclaration): { name: string | null; nameNode: TS.Node } {
  if (ts.isConstructorDeclaration(node)) return { name: qualify(ownerName(ts, node.parent), 'constructor'), nameNode: node };
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
    return { name: qualify(ownerName(ts, node.parent), propertyName(ts, node.name)), nameNode: node.name };
  }
  if (node.name) return { name: propertyName(ts, node.name), nameNode: node.name };
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent)) return { name: propertyName(ts, parent.name), nameNode: parent.name };
  if (ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return { name: qualify(ownerName(ts, parent.parent), propertyName(ts, parent.name)), nameNode: parent.name };
  }
  return { name: null, nameNode: node };
}

/** Pure given the parser: every function-like node of `text`, in source order. */
export function listFunctions(ts: Ts, fileName: string, text: string): SourceFunction[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(ts, fileName));
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line + 1;
  const found: SourceFunction[] = [];
  const visit = (node: TS.Node): void => {
    if (isFunctionWithBody(ts, node)) {
      const fn = node;
      const { name, nameNode } = nameOf(ts, fn);
      found.push({
        name,
        startLine: lineOf(fn.getStart(source)),
        endLine: lineOf(fn.getEnd()),
        nameLine: lineOf(nameNode.getStart(source)),
        bodyLine: lineOf(fn.body ? fn.body.getStart(source) : fn.getStart(source)),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Reads the functions of a source file; an empty list when TypeScript cannot be loaded. */
export async function readSourceFunctions(fileName: string, text: string): Promise<SourceFunction[]> {
  const ts = await loadTypeScript();
  return ts ? listFunctions(ts, fileName, text) : [];
}

/**
 * The source function a coverage tool reported at `line`: one whose start, name or body is on that
 * line, preferring one whose own name matches the tool's, else the outermost.
 */
export function findFunction(functions: readonly SourceFunction[], line: number, toolName: string): SourceFunction | null {
  const candidates = functions.filter((fn) => fn.startLine === line || fn.nameLine === line || fn.bodyLine === line);
  const byName = candidates.find((fn) => fn.name !== null && (fn.name === toolName || fn.name.endsWith(`.${toolName}`)));
  return byName ?? candidates[0] ?? null;
}
