import { insertLines, makePatternCandidate, pickLocations, replaceLine, toLines } from './pattern-edit.js';
import { findPyDefiners, toFromModule, toModuleParts } from './pattern-py-modules.js';
import { findStdlibMember, isStdlibModule, PY_STDLIB_MODULES } from './pattern-py-stdlib.js';
import { findHeaderEnd, listTopImports, maskPython, type MaskedLine } from './pattern-py-text.js';
import type { RepoView } from './pattern-repo.js';
import type { FailureAnalysis, FixCandidate } from '../types.js';

/** One import to add: `import module` (name null) or `from module import name`. */
interface PyImportPlan {
  module: string;
  name: string | null;
  isStdlib: boolean;
}

const MAX_CANDIDATES = 3;

/** The undefined name of a `NameError`, or of flake8/ruff F821 and mypy `name-defined` findings; else null. */
export function readMissingPyName(analysis: FailureAnalysis): string | null {
  const match =
    /name ['"`]([A-Za-z_]\w*)['"`] is not defined/i.exec(analysis.message) ?? /undefined name ['"`]([A-Za-z_]\w*)['"`]/i.exec(analysis.message);
  if (match?.[1] !== undefined) return match[1];
  const symbol = analysis.symbol;
  return analysis.errorType === 'NameError' && symbol !== null && /^[A-Za-z_]\w*$/.test(symbol) ? symbol : null;
}

/** The names an import statement binds: `import a.b, c as d` → a, d; `from m import (x, y as z)` → x, z. */
function listBoundNames(code: string): string[] {
  const from = /^from\s+\S+\s+import\s+([\s\S]*)$/.exec(code);
  const list = from ? (from[1] ?? '') : code.replace(/^import\s+/, '');
  return list
    .replace(/[()\\]/g, ' ')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => /\sas\s+(\w+)$/.exec(entry)?.[1] ?? (from ? entry : (entry.split('.')[0] ?? entry)));
}

/** True when a top-level import already binds the name: the failure is not a missing import. */
function isImported(masked: readonly MaskedLine[], name: string): boolean {
  return listTopImports(masked).some((entry) => {
    const code = masked.slice(entry.start, entry.end + 1).map((line) => line.code.trim()).join(' ');
    return listBoundNames(code).includes(name);
  });
}

function renderPyImport(plan: PyImportPlan): string {
  return plan.name === null ? `import ${plan.module}` : `from ${plan.module} import ${plan.name}`;
}

/** `from module import a, b` on one line gains `, name`; null when there is no such line. */
function mergePyImport(text: string, lines: readonly string[], masked: readonly MaskedLine[], plan: PyImportPlan): string | null {
  if (plan.name === null) return null;
  const escaped = plan.module.replace(/\./g, '\\.');
  for (const entry of listTopImports(masked)) {
    const code = masked[entry.start]?.code ?? '';
    if (entry.start !== entry.end || !new RegExp(`^from\\s+${escaped}\\s+import\\s+(?!\\*)`).test(code)) continue;
    const line = lines[entry.start] ?? '';
    const close = code.lastIndexOf(')');
    const at = close !== -1 ? close : code.trimEnd().length;
    const head = line.slice(0, at).trimEnd();
    const separator = head.endsWith(',') || head.endsWith('(') ? ' ' : ', ';
    return replaceLine(text, entry.start + 1, `${head}${separator}${plan.name}${line.slice(at)}`);
  }
  return null;
}

/** Inserts the import in the module's import block: standard library with its kind, others last. */
function addPyImport(text: string, lines: readonly string[], masked: readonly MaskedLine[], plan: PyImportPlan): string {
  const imports = listTopImports(masked).filter((entry) => entry.module !== '__future__');
  const lastStdlib = imports.filter((entry) => isStdlibModule(entry.module)).at(-1);
  let index: number;
  if (imports.length === 0) index = findHeaderEnd(lines, masked);
  else if (!plan.isStdlib) index = (imports.at(-1)?.end ?? 0) + 1;
  else index = lastStdlib ? lastStdlib.end + 1 : (imports[0]?.start ?? 0);
  const block = [renderPyImport(plan)];
  if (imports.length === 0) {
    if (index > 0 && (lines[index - 1] ?? '').trim() !== '') block.unshift('');
    if ((lines[index] ?? '').trim() !== '') block.push('');
  }
  return insertLines(text, index, block);
}

function planStdlib(name: string, text: string): PyImportPlan[] {
  const module = PY_STDLIB_MODULES.has(name) ? { module: name, name: null, isStdlib: true } : null;
  const owner = findStdlibMember(name);
  const member = owner !== null ? { module: owner, name, isStdlib: true } : null;
  // `datetime`, `pprint`: module and member share the name; `datetime.datetime` in the file says module.
  const isModuleUse = new RegExp(`\\b${name}\\.${name}\\b`).test(text) || member === null;
  const ordered = isModuleUse ? [module, member] : [member, module];
  return ordered.filter((plan) => plan !== null);
}

async function planRepo(repo: RepoView, path: string, name: string, masked: readonly MaskedLine[]): Promise<PyImportPlan[]> {
  const files = await repo.fileSet();
  const importerParts = toModuleParts(path, files);
  const isPackage = path.endsWith('__init__.py');
  const isRelative = listTopImports(masked).some((entry) => entry.module.startsWith('.'));
  const definers = await findPyDefiners(repo, name, path);
  return definers.map((definer) => ({ module: toFromModule(importerParts, isPackage, definer.parts, isRelative), name, isStdlib: false }));
}

/**
 * Pattern 2: a Python name that is not defined, imported from the standard library (a module, or
 * a well-known member) or from the repository module that defines it at top level.
 */
export async function proposePyImports(analysis: FailureAnalysis, repo: RepoView): Promise<FixCandidate[]> {
  const name = readMissingPyName(analysis);
  const path = pickLocations(analysis).find((location) => location.file.endsWith('.py'))?.file;
  if (name === null || path === undefined) return [];
  const text = await repo.read(path);
  if (text === null) return [];
  const lines = toLines(text);
  const masked = maskPython(lines);
  if (isImported(masked, name)) return [];
  const plans = [...planStdlib(name, text), ...(await planRepo(repo, path, name, masked))].slice(0, MAX_CANDIDATES);
  const candidates: FixCandidate[] = [];
  for (const plan of plans) {
    const after = mergePyImport(text, lines, masked, plan) ?? addPyImport(text, lines, masked, plan);
    const candidate = makePatternCandidate(analysis, 'missing-import', `${renderPyImport(plan)} in ${path}`, path, text, after);
    if (candidate) candidates.push(candidate);
  }
  return candidates;
}
