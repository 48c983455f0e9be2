import { isJsLike } from './pattern-edit.js';
import { dirOf, type RepoView } from './pattern-repo.js';

/** How a JS/TS file writes its imports, so an added import looks like its neighbours. */
export interface JsImportStyle {
  module: 'esm' | 'cjs';
  quote: "'" | '"';
  semicolon: boolean;
  /** Relative specifiers end in `.js` (NodeNext, ESM), in the source's own `.ts`, or in nothing. */
  extension: 'js' | 'ts' | 'none';
  /** Built-in modules are written `node:fs` rather than `fs`. */
  nodePrefix: boolean;
}

interface Tally {
  extension: Map<JsImportStyle['extension'], number>;
  quote: Map<JsImportStyle['quote'], number>;
  semicolon: number;
  bare: number;
  esm: number;
  cjs: number;
  prefixed: number;
  unprefixed: number;
}

const BUILTIN = /^(fs|path|os|url|util|crypto|events|assert|child_process|stream|http|https|zlib|readline|fs\/promises|timers|worker_threads|net)$/;
const SAMPLE_SIZE = 40;

function emptyTally(): Tally {
  return { extension: new Map(), quote: new Map(), semicolon: 0, bare: 0, esm: 0, cjs: 0, prefixed: 0, unprefixed: 0 };
}

function bump<K extends string>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function top<K extends string>(counts: ReadonlyMap<K, number>): K | null {
  let best: K | null = null;
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount) [best, bestCount] = [key, count];
  }
  return best;
}

/** Counts the import habits of one file's text. */
function tallyText(text: string, tally: Tally): void {
  const statements = /^[ \t]*(?:import|export)\b(?:[^;'"()]*?\bfrom)?\s*(['"])([^'"\n]+)\1[ \t]*(;?)/gm;
  for (const match of text.matchAll(statements)) {
    tally.esm += 1;
    bump(tally.quote, match[1] === '"' ? '"' : "'");
    if (match[3] === ';') tally.semicolon += 1;
    else tally.bare += 1;
    tallySpecifier(match[2] ?? '', tally);
  }
  for (const match of text.matchAll(/\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g)) {
    tally.cjs += 1;
    bump(tally.quote, match[1] === '"' ? '"' : "'");
    tallySpecifier(match[2] ?? '', tally);
  }
  if (/^[ \t]*(?:module\.)?exports(?:\.[\w$]+)?\s*=/m.test(text)) tally.cjs += 1;
}

function tallySpecifier(specifier: string, tally: Tally): void {
  if (specifier.startsWith('node:')) tally.prefixed += 1;
  else if (BUILTIN.test(specifier)) tally.unprefixed += 1;
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return;
  const last = specifier.split('/').at(-1) ?? '';
  if (/\.[cm]?jsx?$/.test(last)) bump(tally.extension, 'js');
  else if (/\.[cm]?tsx?$/.test(last)) bump(tally.extension, 'ts');
  else if (!/\.\w+$/.test(last)) bump(tally.extension, 'none');
}

/** The quote most string literals of the text use, for a file and repository without imports. */
function countQuotes(text: string): JsImportStyle['quote'] {
  const quotes = new Map<JsImportStyle['quote'], number>();
  for (const match of text.matchAll(/(["'])(?:[^"'\\\n]|\\.)*\1/g)) bump(quotes, match[1] === '"' ? '"' : "'");
  return top(quotes) ?? "'";
}

async function readPackageType(repo: RepoView, path: string): Promise<string | null> {
  for (let dir = dirOf(path); ; dir = dirOf(dir)) {
    const text = await repo.read(dir === '' ? 'package.json' : `${dir}/package.json`);
    if (text !== null) return /"type"\s*:\s*"(module|commonjs)"/.exec(text)?.[1] ?? 'commonjs';
    if (dir === '') return null;
  }
}

async function usesNodeNext(repo: RepoView, path: string): Promise<boolean> {
  for (let dir = dirOf(path); ; dir = dirOf(dir)) {
    const text = await repo.read(dir === '' ? 'tsconfig.json' : `${dir}/tsconfig.json`);
    if (text !== null) return /"module(?:Resolution)?"\s*:\s*"node(16|next)"/i.test(text);
    if (dir === '') return false;
  }
}

/** The habits of up to 40 other source files, for a file with no relative imports of its own. */
async function tallyRepo(repo: RepoView, path: string): Promise<Tally> {
  const tally = emptyTally();
  const family = /\.[cm]?tsx?$/.test(path) ? /\.[cm]?tsx?$/ : /\.[cm]?jsx?$/;
  const others = (await repo.files()).filter((file) => file !== path && isJsLike(file) && family.test(file));
  for (const file of others.slice(0, SAMPLE_SIZE)) tallyText((await repo.read(file)) ?? '', tally);
  return tally;
}

/** How the file at `path` (text `text`) writes imports: its own habits first, then the repository's. */
export async function detectJsImportStyle(repo: RepoView, path: string, text: string): Promise<JsImportStyle> {
  const own = emptyTally();
  tallyText(text, own);
  const needsRepo = top(own.extension) === null || top(own.quote) === null || own.esm + own.cjs === 0;
  const repoTally = needsRepo ? await tallyRepo(repo, path) : emptyTally();
  const packageType = await readPackageType(repo, path);
  const isEsmByName = /\.(m[jt]s|[jt]sx)$/.test(path);
  let module: JsImportStyle['module'];
  if (/\.c[jt]s$/.test(path)) module = 'cjs';
  else if (isEsmByName || own.esm > own.cjs || /\.tsx?$/.test(path)) module = 'esm';
  else if (own.cjs > own.esm) module = 'cjs';
  else module = packageType === 'module' || repoTally.esm >= repoTally.cjs ? 'esm' : 'cjs';
  let extension = top(own.extension) ?? top(repoTally.extension);
  if (extension === null) {
    const strictEsm = module === 'esm' && (/\.mjs$/.test(path) || (/\.js$/.test(path) && packageType === 'module'));
    extension = strictEsm || (/\.[cm]?tsx?$/.test(path) && (await usesNodeNext(repo, path))) ? 'js' : 'none';
  }
  const semicolons = own.semicolon + own.bare > 0 ? own : repoTally;
  return {
    module,
    quote: top(own.quote) ?? top(repoTally.quote) ?? countQuotes(text),
    semicolon: semicolons.semicolon + semicolons.bare === 0 || semicolons.semicolon >= semicolons.bare,
    extension,
    nodePrefix: own.prefixed + own.unprefixed > 0 ? own.prefixed >= own.unprefixed : repoTally.unprefixed <= repoTally.prefixed,
  };
}
