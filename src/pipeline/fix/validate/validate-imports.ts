import { isJsLike } from '../patterns/pattern-edit.js';
import { maskPython } from '../patterns/pattern-py-text.js';
import { dirOf, normalizePath } from '../patterns/pattern-repo.js';

/**
 * Imports a fix adds must point at existing files: relative JS/TS specifiers (with `.js` → `.ts`
 * mapping, extension-less and folder `index` forms), Python relative imports, and absolute Python
 * imports whose top-level package is the repository's own. Packages, the standard library and
 * specifiers that climb out of the repository are not checked.
 */

/** True when a repository file exists at the relative path. */
export type FileExists = (path: string) => Promise<boolean>;

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.d.ts', '.json'];
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx', '.d.ts'], '.jsx': ['.tsx'], '.mjs': ['.mts', '.d.mts'], '.cjs': ['.cts', '.d.cts'] };

function listJsSpecifiers(text: string): Set<string> {
  const patterns = [/\bfrom\s*(['"])([^'"\n]+)\1/g, /\bimport\s*(['"])([^'"\n]+)\1/g, /\b(?:require|import)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g];
  const found = new Set<string>();
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) if (match[2]) found.add(match[2]);
  return found;
}

async function anyExists(paths: readonly string[], fileExists: FileExists): Promise<boolean> {
  for (const path of paths) if (await fileExists(path)) return true;
  return false;
}

async function resolvesJs(from: string, specifier: string, fileExists: FileExists): Promise<boolean> {
  const base = normalizePath(`${dirOf(from)}/${specifier.split('?')[0] ?? specifier}`);
  if (base === null || base === '') return true;
  const extension = /\.[cm]?[jt]sx?$/.exec(base)?.[0];
  const stem = extension ? base.slice(0, -extension.length) : base;
  const candidates = [base, ...(TS_FOR_JS[extension ?? ''] ?? []).map((mapped) => stem + mapped)];
  if (!extension) candidates.push(...JS_EXTENSIONS.map((ext) => base + ext), ...JS_EXTENSIONS.map((ext) => `${base}/index${ext}`));
  return anyExists(candidates, fileExists);
}

/** `from` and `import` statements of Python code: the module (with leading dots) and the imported names. */
function listPyImports(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { code } of maskPython(text.split('\n'))) {
    const from = /^\s*from\s+(\.*[\w.]*)\s+import\s+\(?\s*([\w\s,]*)/.exec(code);
    if (from?.[1]) {
      const names = (from[2] ?? '').split(',').map((name) => name.trim().split(/\s+/)[0] ?? '').filter((name) => name !== '');
      found.set(from[1], [...(found.get(from[1]) ?? []), ...names]);
      continue;
    }
    const plain = /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/.exec(code);
    for (const entry of (plain?.[1] ?? '').split(',')) {
      const module = entry.trim().split(/\s+/)[0];
      if (module) found.set(module, found.get(module) ?? []);
    }
  }
  return found;
}

async function resolvesPyModule(base: string, parts: readonly string[], fileExists: FileExists): Promise<boolean> {
  const path = [base, ...parts].filter((part) => part !== '').join('/');
  return anyExists([`${path}.py`, `${path}.pyi`, `${path}/__init__.py`], fileExists);
}

/** Where absolute imports of the importer's own project start: the root, `src/`, and above its topmost package. */
async function listPyRoots(from: string, fileExists: FileExists): Promise<string[]> {
  let dir = dirOf(from);
  while (dir !== '' && (await fileExists(`${dir}/__init__.py`))) dir = dirOf(dir);
  return [...new Set(['', 'src', dir])];
}

async function resolvesPy(from: string, module: string, names: readonly string[], fileExists: FileExists): Promise<boolean> {
  const level = /^\.*/.exec(module)?.[0].length ?? 0;
  const parts = module.slice(level).split('.').filter((part) => part !== '');
  if (level > 0) {
    let base: string | null = dirOf(from);
    for (let up = 1; up < level && base !== null; up++) base = base === '' ? null : dirOf(base);
    if (base === null) return true;
    if (parts.length > 0) return resolvesPyModule(base, parts, fileExists);
    const inPackage = base === '' ? '__init__.py' : `${base}/__init__.py`;
    if (await fileExists(inPackage)) return true;
    for (const name of names) if (!(await resolvesPyModule(base, [name], fileExists))) return false;
    return true;
  }
  const top = parts[0];
  if (top === undefined) return true;
  for (const root of await listPyRoots(from, fileExists)) {
    if (await resolvesPyModule(root, [top], fileExists)) return resolvesPyModule(root, parts, fileExists);
  }
  return true;
}

/** The first import `after` adds that points at no file, as "`spec` from path"; null when all resolve. */
export async function findUnresolvedImport(path: string, before: string, after: string, fileExists: FileExists): Promise<string | null> {
  if (isJsLike(path)) {
    const old = listJsSpecifiers(before);
    for (const specifier of listJsSpecifiers(after)) {
      if (old.has(specifier) || !/^\.\.?\//.test(specifier)) continue;
      if (!(await resolvesJs(path, specifier, fileExists))) return `'${specifier}' from ${path}`;
    }
    return null;
  }
  if (!path.endsWith('.py')) return null;
  const old = listPyImports(before);
  for (const [module, names] of listPyImports(after)) {
    const added = names.filter((name) => !(old.get(module) ?? []).includes(name));
    if (old.has(module) && added.length === 0) continue;
    if (!(await resolvesPy(path, module, added, fileExists))) return `'${module}' from ${path}`;
  }
  return null;
}
