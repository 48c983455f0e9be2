import type TS from 'typescript';
import type { FunctionNode } from './read-program.js';

type Ts = typeof TS;

/**
 * Static screening for side effects and hidden inputs: a function that touches the file system,
 * processes, the network, timers, the clock or randomness cannot be pinned down by calling it.
 * Reads the function and, one level deep, the same-file functions it calls.
 */

const MODULE_REASONS: Record<string, string> = {
  fs: 'the file system',
  'fs/promises': 'the file system',
  child_process: 'runs processes',
  net: 'uses the network',
  http: 'uses the network',
  https: 'uses the network',
  http2: 'uses the network',
  dgram: 'uses the network',
  tls: 'uses the network',
  dns: 'uses the network',
  worker_threads: 'starts threads',
  cluster: 'starts processes',
  crypto: 'is random',
};
const GLOBAL_REASONS: Record<string, string> = {
  fetch: 'uses the network',
  XMLHttpRequest: 'uses the network',
  WebSocket: 'uses the network',
  EventSource: 'uses the network',
  setTimeout: 'uses timers',
  setInterval: 'uses timers',
  setImmediate: 'uses timers',
  requestAnimationFrame: 'uses timers',
  localStorage: 'uses browser storage',
  sessionStorage: 'uses browser storage',
  indexedDB: 'uses browser storage',
};
const MEMBER_REASONS: Record<string, string> = {
  'Math.random': 'is random',
  'crypto.randomUUID': 'is random',
  'crypto.getRandomValues': 'is random',
  'crypto.randomBytes': 'is random',
  'crypto.randomInt': 'is random',
  'Date.now': 'reads the clock',
  'performance.now': 'reads the clock',
  'process.exit': 'changes the process',
  'process.kill': 'changes the process',
  'process.chdir': 'changes the process',
  'process.abort': 'changes the process',
  'process.hrtime': 'reads the clock',
  'process.cwd': 'reads the working directory',
};
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'global', 'self', 'document']);

function moduleName(specifier: string): string {
  return specifier.replace(/^node:/, '');
}

/** Local names bound to risky modules: `import fs from "node:fs"` -> fs -> "fs". */
function readRiskyImports(ts: Ts, source: TS.SourceFile): Map<string, { module: string; imported: string | null }> {
  const found = new Map<string, { module: string; imported: string | null }>();
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const module = moduleName(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (MODULE_REASONS[module] !== undefined && clause) {
        if (clause.name) found.set(clause.name.text, { module, imported: null });
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) found.set(bindings.name.text, { module, imported: null });
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) found.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
        }
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(node.initializer)) {
      const [arg] = node.initializer.arguments;
      const isRequire = ts.isIdentifier(node.initializer.expression) && node.initializer.expression.text === 'require';
      const module = isRequire && arg && ts.isStringLiteral(arg) ? moduleName(arg.text) : '';
      if (MODULE_REASONS[module] !== undefined && ts.isIdentifier(node.name)) found.set(node.name.text, { module, imported: null });
      if (MODULE_REASONS[module] !== undefined && ts.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.getText(source);
          found.set(element.name.getText(source), { module, imported });
        }
      }
    }
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function describeModuleUse(module: string, member: string | null): string | null {
  const label = `${module}${member ? `.${member}` : ''}`;
  // Hashing is deterministic; only crypto's random sources are hidden inputs.
  if (module === 'crypto' && !/^(random|getRandomValues)/.test(member ?? '')) return null;
  if (MODULE_REASONS[module] !== 'the file system') return `${MODULE_REASONS[module] ?? 'has side effects'} (${label})`;
  return `${/read|stat|exist|access|open|watch|list|realpath/i.test(member ?? '') ? 'reads' : 'writes'} the file system (${label})`;
}

/** True for identifiers that only name something (`o.fetch`, `{ fetch: 1 }`), not read a binding. */
function isNameOnly(ts: Ts, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name === node;
  }
  return ts.isBindingElement(parent) && parent.propertyName === node;
}

function rootName(ts: Ts, node: TS.Expression): string | null {
  let current = node;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current.text : null;
}

/** Why calling `fn` is not safe to repeat, or null when screening found nothing. */
export function screenEffects(ts: Ts, checker: TS.TypeChecker, fn: FunctionNode): string | null {
  const source = fn.getSourceFile();
  const imports = readRiskyImports(ts, source);
  const screened = new Set<TS.Node>();
  const screen = (body: TS.Node, depth: number): string | null => {
    let reason: string | null = null;
    const visit = (node: TS.Node): void => {
      if (reason !== null) return;
      if (ts.isIdentifier(node) && !isNameOnly(ts, node)) {
        const risky = imports.get(node.text);
        const member = ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node ? node.parent.name.text : null;
        if (risky) reason = describeModuleUse(risky.module, risky.imported ?? member);
        else if (GLOBAL_REASONS[node.text] !== undefined && !isLocal(node)) reason = `${GLOBAL_REASONS[node.text]} (${node.text})`;
      } else if (ts.isPropertyAccessExpression(node)) {
        const text = node.getText(source).replace(/\s+/g, '');
        const key = text.replace(/^(globalThis|window)\./, '');
        if (MEMBER_REASONS[key] !== undefined) reason = `${MEMBER_REASONS[key]} (${key})`;
      } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0) {
        reason = 'reads the clock (new Date())';
      } else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (callee.kind === ts.SyntaxKind.ImportKeyword) reason = 'loads modules at call time (import())';
        else if (ts.isIdentifier(callee) && callee.text === 'require' && !isLocal(callee)) reason = 'loads modules at call time (require)';
        else if (ts.isIdentifier(callee) && callee.text === 'Date') reason = 'reads the clock (Date())';
        else if (depth === 0 && ts.isIdentifier(callee)) {
          const calleeBody = sameFileFunction(callee);
          if (calleeBody && !screened.has(calleeBody)) {
            screened.add(calleeBody);
            reason = screen(calleeBody, depth + 1);
          }
        }
      } else if ((ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) || ts.isDeleteExpression(node)) {
        const target = ts.isDeleteExpression(node) ? node.expression : node.left;
        const text = target.getText(source).replace(/\s+/g, '');
        const root = rootName(ts, target);
        if (/^process\.env\b/.test(text)) reason = 'writes environment variables (process.env)';
        else if (root && GLOBAL_OBJECTS.has(root) && !ts.isIdentifier(target)) reason = `writes globals (${text.slice(0, 40)})`;
      }
      if (reason === null) ts.forEachChild(node, visit);
    };
    visit(body);
    return reason;
  };
  const isLocal = (node: TS.Identifier): boolean =>
    (checker.getSymbolAtLocation(node)?.declarations ?? []).some((declaration) => declaration.getSourceFile() === source);
  const sameFileFunction = (node: TS.Identifier): TS.Node | null => {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (!declaration || declaration.getSourceFile() !== source) return null;
    if (ts.isFunctionDeclaration(declaration)) return declaration.body ?? null;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const init = declaration.initializer;
      return ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? init.body : null;
    }
    return null;
  };
  return fn.body ? screen(fn.body, 0) : null;
}
