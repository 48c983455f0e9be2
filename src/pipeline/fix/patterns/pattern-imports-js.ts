import type TS from 'typescript';
import { applyTextEdits, insertLines, isJsLike, isTsSource, makePatternCandidate, pickLocations, toLines } from './pattern-edit.js';
import { findJsExporters } from './pattern-js-exports.js';
import { findKnownSource } from './pattern-js-known.js';
import { detectJsImportStyle, type JsImportStyle } from './pattern-js-style.js';
import { dirOf, relativePath, type RepoView } from './pattern-repo.js';
import { lineAt, parseJs, type Ts } from './pattern-ts.js';
import type { FailureAnalysis, FixCandidate } from '../types.js';

/** What to import a name from, and how. */
interface ImportPlan {
  specifier: string;
  isDefault: boolean;
  isTypeOnly: boolean;
}

const MAX_CANDIDATES = 3;

/** The undefined identifier of a `ReferenceError`, an eslint `no-undef` or a TS `Cannot find name`; else null. */
export function readMissingJsName(analysis: FailureAnalysis): string | null {
  const fromMessage =
    /(?:^|[\s'"`])([A-Za-z_$][\w$]*)['"`]? is not defined\b/.exec(analysis.message)?.[1] ??
    /Cannot find name '([A-Za-z_$][\w$]*)'/.exec(analysis.message)?.[1] ??
    null;
  if (fromMessage !== null) return fromMessage;
  const symbol = analysis.symbol;
  return analysis.errorType === 'ReferenceError' && symbol !== null && /^[A-Za-z_$][\w$]*$/.test(symbol) ? symbol : null;
}

/** The specifier of `target` as imported from `fromFile`, in the file's extension habit. */
export function toSpecifier(fromFile: string, target: string, extension: JsImportStyle['extension']): string {
  const relative = relativePath(dirOf(fromFile), target);
  const asJs = relative.replace(/\.tsx?$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
  if (extension === 'ts') return relative;
  if (extension === 'js' || /\.[cm][jt]s$/.test(relative)) return asJs;
  const bare = relative.replace(/\.[jt]sx?$/, '');
  const folder = bare.replace(/\/index$/, '');
  return folder === '.' || folder === '..' ? bare : folder;
}

function renderImport(name: string, plan: ImportPlan, style: JsImportStyle): string {
  const quoted = `${style.quote}${plan.specifier}${style.quote}`;
  const end = style.semicolon ? ';' : '';
  if (style.module === 'cjs') return `const ${plan.isDefault ? name : `{ ${name} }`} = require(${quoted})${end}`;
  const binding = plan.isDefault ? name : `{ ${name} }`;
  return `import ${plan.isTypeOnly ? 'type ' : ''}${binding} from ${quoted}${end}`;
}

function isRequireOf(ts: Ts, node: TS.Expression | undefined, specifier: string): boolean {
  if (node === undefined || !ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'require') return false;
  const argument = node.arguments[0];
  return argument !== undefined && ts.isStringLiteral(argument) && argument.text === specifier;
}

/** Adds the name to a one-line `import { … } from 'same'` (or `const { … } = require('same')`). */
function mergeImport(ts: Ts, source: TS.SourceFile, name: string, plan: ImportPlan): string | null {
  if (plan.isDefault) return null;
  const isOneLine = (node: TS.Node): boolean => lineAt(source, node.getStart(source)) === lineAt(source, node.getEnd());
  for (const statement of source.statements) {
    if (!isOneLine(statement)) continue;
    let last: TS.Node | undefined;
    let prefix = '';
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === plan.specifier) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      if (!clause || !bindings || !ts.isNamedImports(bindings) || (clause.isTypeOnly && !plan.isTypeOnly)) continue;
      last = bindings.elements.at(-1);
      prefix = plan.isTypeOnly && !clause.isTypeOnly ? 'type ' : '';
    } else if (ts.isVariableStatement(statement)) {
      const declaration = statement.declarationList.declarations.find(
        (candidate) => ts.isObjectBindingPattern(candidate.name) && isRequireOf(ts, candidate.initializer, plan.specifier),
      );
      if (declaration && ts.isObjectBindingPattern(declaration.name)) last = declaration.name.elements.at(-1);
    }
    if (last) return applyTextEdits(source.text, [{ start: last.getEnd(), end: last.getEnd(), text: `, ${prefix}${name}` }]);
  }
  return null;
}

/** `require('x')`, `require('x').y`, `require('x')('y')`: a CommonJS import. */
function isRequireCall(ts: Ts, node: TS.Expression | undefined): boolean {
  let current = node;
  while (current && (ts.isPropertyAccessExpression(current) || (ts.isCallExpression(current) && !ts.isIdentifier(current.expression)))) {
    current = current.expression;
  }
  return current !== undefined && ts.isCallExpression(current) && ts.isIdentifier(current.expression) && current.expression.text === 'require';
}

function isImportLike(ts: Ts, statement: TS.Statement): boolean {
  if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) return true;
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.every((declaration) => isRequireCall(ts, declaration.initializer));
}

/** The 0-based line to insert an import before, and whether it joins other imports there. */
function findImportLine(ts: Ts, source: TS.SourceFile): { index: number; isAmongImports: boolean } {
  const imports = source.statements.filter((statement) => isImportLike(ts, statement));
  const lastImport = imports.at(-1);
  if (lastImport) return { index: lineAt(source, lastImport.getEnd()), isAmongImports: true };
  let lastDirective: TS.Statement | undefined;
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    lastDirective = statement;
  }
  if (lastDirective) return { index: lineAt(source, lastDirective.getEnd()), isAmongImports: false };
  const start = source.text.startsWith('#!') ? source.text.indexOf('\n') + 1 : 0;
  // A header comment (licence) set apart by a blank line stays on top; a JSDoc stays with its declaration.
  const header = ts.getLeadingCommentRanges(source.text, start)?.[0];
  const lines = toLines(source.text);
  if (header) {
    const endLine = lineAt(source, header.end);
    if ((lines[endLine] ?? '').trim() === '') return { index: endLine, isAmongImports: false };
  }
  return { index: lineAt(source, start) - 1, isAmongImports: false };
}

function addImportLine(ts: Ts, source: TS.SourceFile, line: string): string {
  const { index, isAmongImports } = findImportLine(ts, source);
  const lines = toLines(source.text);
  const block = [line];
  if (!isAmongImports && index > 0 && (lines[index - 1] ?? '').trim() !== '') block.unshift('');
  if (!isAmongImports && (lines[index] ?? '').trim() !== '') block.push('');
  return insertLines(source.text, index, block);
}

function hasBinding(ts: Ts, source: TS.SourceFile, name: string): boolean {
  return source.statements.some((statement) => {
    if (!ts.isImportDeclaration(statement)) return false;
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    if (clause?.name?.text === name) return true;
    if (bindings && ts.isNamespaceImport(bindings)) return bindings.name.text === name;
    return bindings !== undefined && bindings.elements.some((element) => element.name.text === name);
  });
}

async function planImports(repo: RepoView, path: string, name: string, style: JsImportStyle): Promise<ImportPlan[]> {
  const plans: ImportPlan[] = [];
  const known = await findKnownSource(repo, path, name);
  if (known) {
    const specifier = known.isBuiltin && style.nodePrefix ? `node:${known.module}` : known.module;
    plans.push({ specifier, isDefault: known.isDefault, isTypeOnly: false });
  }
  for (const exporter of await findJsExporters(repo, name, path)) {
    const isTypeOnly = exporter.isTypeOnly && style.module === 'esm' && isTsSource(path);
    plans.push({ specifier: toSpecifier(path, exporter.path, style.extension), isDefault: false, isTypeOnly });
  }
  return plans.slice(0, MAX_CANDIDATES);
}

/**
 * Pattern 1: an identifier that is not defined in a JS/TS file, imported from a well-known module
 * (test framework global, Node built-in) or from a repository module that exports it by name.
 */
export async function proposeJsImports(analysis: FailureAnalysis, repo: RepoView, ts: Ts): Promise<FixCandidate[]> {
  const name = readMissingJsName(analysis);
  const path = pickLocations(analysis).find((location) => isJsLike(location.file))?.file;
  if (name === null || path === undefined) return [];
  const text = await repo.read(path);
  if (text === null) return [];
  const source = parseJs(ts, path, text);
  if (hasBinding(ts, source, name)) return [];
  const style = await detectJsImportStyle(repo, path, text);
  const candidates: FixCandidate[] = [];
  for (const plan of await planImports(repo, path, name, style)) {
    const after = mergeImport(ts, source, name, plan) ?? addImportLine(ts, source, renderImport(name, plan, style));
    const what = `import ${plan.isDefault ? name : `{ ${name} }`} from '${plan.specifier}'`;
    const candidate = makePatternCandidate(analysis, 'missing-import', `${what} in ${path}`, path, text, after);
    if (candidate) candidates.push(candidate);
  }
  return candidates;
}
