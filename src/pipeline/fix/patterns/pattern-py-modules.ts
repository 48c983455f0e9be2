import type { RepoView } from './pattern-repo.js';
import { isTestFile } from '../test-files.js';

/**
 * Python module names of repository files, and the modules that define a name at top level. A
 * file's import path starts above its topmost package (the highest folder with `__init__.py`); a
 * file outside any package is named from the root, past a `src/` folder (namespace packages).
 */

/** The dotted module path of a `.py` file, as components (`pkg/sub/__init__.py` → [pkg, sub]). */
export function toModuleParts(path: string, files: ReadonlySet<string>): string[] {
  const parts = path.replace(/\.pyi?$/, '').split('/');
  const dirs = parts.slice(0, -1);
  let top = dirs.length;
  while (top > 0 && files.has([...dirs.slice(0, top), '__init__.py'].join('/'))) top--;
  let module = parts.slice(top);
  if (top === dirs.length && dirs[0] === 'src') module = parts.slice(1);
  if (module.at(-1) === '__init__') module = module.slice(0, -1);
  return module;
}

/** `from …` for `target` as written from `importer`: relative when both sit in the same package. */
export function toFromModule(importerParts: readonly string[], importerIsPackage: boolean, targetParts: readonly string[], isRelative: boolean): string {
  const absolute = targetParts.join('.');
  const importerPackage = importerIsPackage ? importerParts : importerParts.slice(0, -1);
  if (!isRelative || importerPackage.length === 0 || importerPackage[0] !== targetParts[0]) return absolute;
  let common = 0;
  while (common < importerPackage.length && common < targetParts.length && importerPackage[common] === targetParts[common]) common++;
  return '.'.repeat(importerPackage.length - common + 1) + targetParts.slice(common).join('.');
}

/** A repository module that defines a name at top level. */
export interface PyDefiner {
  path: string;
  parts: string[];
}

/** How many folder steps lead from one file's folder to the other's. */
function measureFolderDistance(a: string, b: string): number {
  const x = a.split('/').slice(0, -1);
  const y = b.split('/').slice(0, -1);
  let common = 0;
  while (common < x.length && common < y.length && x[common] === y[common]) common++;
  return x.length + y.length - 2 * common;
}

function escapeName(name: string): string {
  return name.replace(/[^\w]/g, '');
}

/**
 * Modules defining `name` at top level (`def`, `class`, assignment) that `fromFile` may import,
 * best first: source before test helpers (offered to test files only), then the same top-level
 * package, then the nearest path.
 */
export async function findPyDefiners(repo: RepoView, name: string, fromFile: string): Promise<PyDefiner[]> {
  const files = await repo.fileSet();
  const n = escapeName(name);
  const defines = new RegExp(String.raw`^(?:async[ \t]+def|def|class)[ \t]+${n}\b|^${n}[ \t]*(?::[^=\n]*)?=(?!=)`, 'm');
  const importerParts = toModuleParts(fromFile, files);
  const importerIsTest = isTestFile(fromFile);
  const found: Array<PyDefiner & { rank: number[] }> = [];
  for (const path of await repo.files()) {
    const base = path.split('/').at(-1) ?? path;
    if (path === fromFile || !path.endsWith('.py') || /^(conftest|setup|__main__|noxfile|manage)\.py$/.test(base)) continue;
    const isTest = isTestFile(path);
    if (isTest && !importerIsTest) continue;
    const parts = toModuleParts(path, files);
    if (parts.length === 0 || !parts.every((part) => /^[A-Za-z_]\w*$/.test(part))) continue;
    const text = await repo.read(path);
    if (text === null || !text.includes(name) || !defines.test(text)) continue;
    found.push({ path, parts, rank: [Number(isTest), Number(parts[0] !== importerParts[0]), measureFolderDistance(fromFile, path)] });
  }
  found.sort((a, b) => {
    for (let index = 0; index < a.rank.length; index++) {
      const difference = (a.rank[index] ?? 0) - (b.rank[index] ?? 0);
      if (difference !== 0) return difference;
    }
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
  return found.map(({ path, parts }) => ({ path, parts }));
}
