import { isJsLike, isTsSource } from './pattern-edit.js';
import { dirOf, relativePath, type RepoView } from './pattern-repo.js';
import { isTestFile } from '../test-files.js';

/** A repository module that exports a name, as a named import can take it. */
export interface JsExporter {
  path: string;
  /** Only a type (interface, type alias): TypeScript needs `import type`. */
  isTypeOnly: boolean;
  /** The module declares the name itself, rather than re-exporting it from elsewhere. */
  isDefinition: boolean;
}

const IDENT = String.raw`[A-Za-z_$][\w$]*`;

function escapeName(name: string): string {
  return name.replaceAll('$', '\\$');
}

/** Names exported by an `export { a, b as c, type D }` list: [exported name, is type-only]. */
function readExportList(list: string, isTypeList: boolean): Array<[string, boolean]> {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry): [string, boolean] => {
      const isType = isTypeList || /^type\s/.test(entry);
      const parts = entry.replace(/^type\s+/, '').split(/\s+as\s+/);
      return [(parts[1] ?? parts[0] ?? '').trim(), isType];
    });
}

/** How `text` exports `name` by a named export (default exports do not count), or null. */
export function findJsExport(text: string, name: string): Omit<JsExporter, 'path'> | null {
  const n = escapeName(name);
  const declared = new RegExp(
    String.raw`^[ \t]*export\s+(?:declare\s+)?(?:(async\s+)?function\s*\*?\s*|(?:const|let|var)\s+|(?:abstract\s+)?class\s+|(?:const\s+)?enum\s+|(interface|type)\s+)${n}(?![\w$])`,
    'm',
  );
  const match = declared.exec(text);
  if (match) return { isTypeOnly: match[2] !== undefined, isDefinition: true };
  for (const list of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}(\s*from\s*['"][^'"]+['"])?/g)) {
    const entry = readExportList(list[2] ?? '', list[1] !== undefined).find(([exported]) => exported === name);
    if (entry) return { isTypeOnly: entry[1], isDefinition: list[3] === undefined };
  }
  // CommonJS: `exports.name =`, `module.exports.name =`, `module.exports = { name, … }`.
  if (new RegExp(String.raw`^[ \t]*(?:module\.)?exports\.${n}\s*=`, 'm').test(text)) return { isTypeOnly: false, isDefinition: true };
  const object = /module\.exports\s*=\s*\{([^}]*)\}/.exec(text);
  const keys = (object?.[1] ?? '').split(',').map((entry) => new RegExp(`^\\s*(${IDENT})`).exec(entry)?.[1]);
  if (keys.includes(name)) return { isTypeOnly: false, isDefinition: true };
  return null;
}

function distance(fromDir: string, path: string): number {
  return relativePath(fromDir, path).split('/').length;
}

/**
 * Repository modules exporting `name` that `fromFile` may import, best first: declarations before
 * re-exports, then the nearest. Dependency and build folders are never candidates, test files only
 * for a test file, TypeScript modules only for a TypeScript importer.
 */
export async function findJsExporters(repo: RepoView, name: string, fromFile: string): Promise<JsExporter[]> {
  const importerIsTest = isTestFile(fromFile);
  const importerIsTs = isTsSource(fromFile);
  const found: Array<JsExporter & { isTest: boolean }> = [];
  for (const path of await repo.files()) {
    if (path === fromFile || !isJsLike(path) || (isTsSource(path) && !importerIsTs)) continue;
    const isTest = isTestFile(path);
    if (isTest && !importerIsTest) continue;
    const text = await repo.read(path);
    if (text === null || !text.includes(name)) continue;
    const exported = findJsExport(text, name);
    if (exported && !(exported.isTypeOnly && !importerIsTs)) found.push({ path, ...exported, isTest });
  }
  const fromDir = dirOf(fromFile);
  found.sort(
    (a, b) =>
      Number(a.isTest) - Number(b.isTest) ||
      Number(b.isDefinition) - Number(a.isDefinition) ||
      distance(fromDir, a.path) - distance(fromDir, b.path) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  return found.map(({ path, isTypeOnly, isDefinition }) => ({ path, isTypeOnly, isDefinition }));
}
