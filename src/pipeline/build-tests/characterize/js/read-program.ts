import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type TS from 'typescript';

type Ts = typeof TS;

/** A function heal can call: a declaration, a function expression or an arrow function. */
export type FunctionNode = TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction;

/** The exported function behind a name, or why there is none to call. */
export type ResolvedExport = { kind: 'function'; node: FunctionNode } | { kind: 'skipped'; reason: string };

function readProjectOptions(ts: Ts, projectDir: string): TS.CompilerOptions | null {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const path = join(projectDir, name);
    if (!existsSync(path)) continue;
    const config = ts.readConfigFile(path, (file) => ts.sys.readFile(file));
    if (config.error) continue;
    // Only the options matter (the program's roots are the targets), so the include globs are not walked.
    const host: TS.ParseConfigHost = {
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
      readDirectory: () => [],
      fileExists: (file) => ts.sys.fileExists(file),
      readFile: (file) => ts.sys.readFile(file),
    };
    return ts.parseJsonConfigFileContent(config.config, host, projectDir).options;
  }
  return null;
}

/**
 * One program over the target files, with the project's compiler options (paths, module
 * resolution, JSX) when it has a tsconfig.json or jsconfig.json. JavaScript is read too (JSDoc
 * types), and strict null checks stay on so `string | null` keeps its null.
 */
export function createTargetProgram(ts: Ts, projectDir: string, files: readonly string[]): TS.Program {
  const project = readProjectOptions(ts, projectDir) ?? {
    checkJs: true,
    strict: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  // Forced module detection: a CommonJS file without `import`/`export` still gets a module symbol to read exports from.
  const options: TS.CompilerOptions = { ...project, allowJs: true, noEmit: true, skipLibCheck: true, strictNullChecks: true, moduleDetection: ts.ModuleDetectionKind.Force };
  return ts.createProgram({ rootNames: [...files], options });
}

function unwrap(ts: Ts, expression: TS.Expression): TS.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return current;
}

function resolveSymbol(ts: Ts, checker: TS.TypeChecker, symbol: TS.Symbol, depth: number): ResolvedExport {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const fromExpression = (expression: TS.Expression): ResolvedExport | null => {
    const inner = unwrap(ts, expression);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return { kind: 'function', node: inner };
    if (ts.isClassExpression(inner)) return { kind: 'skipped', reason: 'classes are not characterized' };
    const next = ts.isIdentifier(inner) ? checker.getSymbolAtLocation(inner) : undefined;
    return next && depth < 4 ? resolveSymbol(ts, checker, next, depth + 1) : null;
  };
  for (const declaration of target.declarations ?? []) {
    let found: ResolvedExport | null = null;
    if (ts.isFunctionDeclaration(declaration) && declaration.body) found = { kind: 'function', node: declaration };
    else if (ts.isClassDeclaration(declaration)) found = { kind: 'skipped', reason: 'classes are not characterized' };
    else if ((ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer) {
      found = fromExpression(declaration.initializer);
    } else if (ts.isShorthandPropertyAssignment(declaration)) {
      const value = checker.getShorthandAssignmentValueSymbol(declaration);
      found = value && depth < 4 ? resolveSymbol(ts, checker, value, depth + 1) : null;
    } else if (ts.isExportAssignment(declaration)) found = fromExpression(declaration.expression);
    else if (ts.isBinaryExpression(declaration)) found = fromExpression(declaration.right);
    else if (ts.isPropertyAccessExpression(declaration) && ts.isBinaryExpression(declaration.parent)) {
      found = fromExpression(declaration.parent.right);
    }
    if (found) return found;
  }
  return { kind: 'skipped', reason: `${symbol.name} is not a plain function` };
}

/** The function a module exports as `name`, following re-exports, aliases and `module.exports`. */
export function resolveExport(ts: Ts, checker: TS.TypeChecker, source: TS.SourceFile, name: string): ResolvedExport {
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === name) : undefined;
  if (!exported) return { kind: 'skipped', reason: `no export named ${name}` };
  const resolved = resolveSymbol(ts, checker, exported, 0);
  if (resolved.kind === 'function' && resolved.node.asteriskToken) return { kind: 'skipped', reason: 'generators are not characterized' };
  return resolved;
}
