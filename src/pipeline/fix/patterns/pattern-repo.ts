import type { ReadFile } from '../types.js';

/**
 * The repository as the pattern fixes see it: its file list and file texts, each read at most
 * once per `proposePatternFixes` call, since several patterns scan the same files.
 */
export interface RepoView {
  /** Every repository file (relative, `/`), sorted, without dependency and build-output folders. */
  files(): Promise<string[]>;
  /** The same list as a set, for existence checks. */
  fileSet(): Promise<ReadonlySet<string>>;
  read(path: string): Promise<string | null>;
}

/** Folders that are never the repository's own source: dependencies, virtualenvs, build output. */
const SKIPPED_DIR =
  /(^|\/)(node_modules|dist|build|out|coverage|\.git|\.next|\.nuxt|\.turbo|\.cache|\.venv|venv|site-packages|__pycache__|\.tox|\.nox|\.mypy_cache|\.pytest_cache|htmlcov|bower_components)\//;

/** True for paths inside dependency or build-output folders, and minified or generated bundles. */
export function isSkippedPath(path: string): boolean {
  // `env/` is a virtualenv only at the root: `src/env/` is ordinary code in many JS projects.
  return SKIPPED_DIR.test(path) || path.startsWith('env/') || /\.min\.[cm]?js$/.test(path) || /\.bundle\.[cm]?js$/.test(path);
}

/** A memoising view over `readFile` and `listFiles`. */
export function createRepoView(readFile: ReadFile, listFiles: () => Promise<string[]>): RepoView {
  let listed: Promise<string[]> | undefined;
  let set: Promise<ReadonlySet<string>> | undefined;
  const texts = new Map<string, Promise<string | null>>();
  const files = (): Promise<string[]> => {
    listed ??= listFiles().then((all) =>
      [...new Set(all.map((path) => path.replaceAll('\\', '/').replace(/^\.\//, '')))].filter((path) => !isSkippedPath(path)).sort(),
    );
    return listed;
  };
  return {
    files,
    fileSet: () => {
      set ??= files().then((all) => new Set(all));
      return set;
    },
    read: (path) => {
      let text = texts.get(path);
      if (text === undefined) {
        text = readFile(path);
        texts.set(path, text);
      }
      return text;
    },
  };
}

/** The folder of a relative path ('' for the root). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** The relative path from folder `from` to `to`, with `/`, starting with `./` or `../`. */
export function relativePath(from: string, to: string): string {
  const fromParts = from === '' ? [] : from.split('/');
  const toParts = to.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  const ups = fromParts.length - common;
  const rest = toParts.slice(common).join('/');
  return ups === 0 ? `./${rest}` : `${'../'.repeat(ups)}${rest}`;
}

/** Resolves `.` and `..` segments of a `/`-joined path; null when it climbs above the root. */
export function normalizePath(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}
