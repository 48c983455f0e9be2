import { posix } from 'node:path';
import { isJsTestPath, isPythonTestName } from './test-style.js';
import type { TestStyle } from './types.js';

const SOURCE_EXT = /\.[cm]?[jt]sx?$|\.py$/;
const FORBIDDEN_DIR = /(^|\/)(\.git|\.github|node_modules|dist|build|coverage|\.heal)(\/|$)/;
const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb',
  'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock',
]);
const CONFIG_NAME =
  /^((vitest|vite|jest|babel|vitest\.workspace|eslint|prettier|webpack|rollup)\.config\.[\w.]+|vitest\.workspace\.\w+|package\.json|tsconfig(\.[\w-]+)?\.json|jsconfig\.json|\.mocharc(\.\w+)?|\.babelrc(\.\w+)?|pyproject\.toml|setup\.cfg|setup\.py|tox\.ini|pytest\.ini|noxfile\.py|\.coveragerc)$/;

function fileNameFor(style: TestStyle, sourcePath: string, counter: number): string {
  let base = posix.basename(sourcePath).replace(SOURCE_EXT, '');
  if (style.language === 'py') {
    if (base === '__init__') base = posix.basename(posix.dirname(sourcePath));
    const tag = counter === 1 ? '_heal' : `_heal_${counter}`;
    return style.suffix === '_test' ? `${base}${tag}_test.py` : `test_${base}${tag}.py`;
  }
  const tag = counter === 1 ? '.heal' : `.heal-${counter}`;
  return `${base}${tag}${style.suffix}`;
}

/** Mirrors the source tree below its first folder when the test folder already has subfolders. */
function folderFor(style: TestStyle, sourcePath: string, taken: ReadonlySet<string>): string {
  const { layout } = style;
  if (layout.kind === 'colocated') return posix.dirname(sourcePath);
  const prefix = `${layout.dir}/`;
  const isNested = [...taken].some((path) => path.startsWith(prefix) && path.slice(prefix.length).includes('/'));
  const below = posix.dirname(sourcePath).split('/').slice(1);
  return style.language !== 'py' && isNested && below.length > 0 ? posix.join(layout.dir, ...below) : layout.dir;
}

/**
 * The project-relative path of heal's new test file for a project-relative source. The ".heal"
 * infix marks heal's files. `taken` holds paths already used (the repository's files and files
 * generated so far): a taken path gets a counter, and subfolders in the test folder turn on mirroring.
 */
export function testFileFor(style: TestStyle, sourcePath: string, taken: ReadonlySet<string> = new Set()): string {
  const folder = folderFor(style, sourcePath, taken);
  for (let counter = 1; ; counter += 1) {
    const path = posix.join(folder, fileNameFor(style, sourcePath, counter));
    if (!taken.has(path)) return path;
  }
}

/** The relative import of a JS/TS source from a test file, with the extension the project's imports carry. */
export function importSpecifier(style: TestStyle, testFile: string, sourceFile: string): string {
  let relative = posix.relative(posix.dirname(testFile), sourceFile);
  if (!relative.startsWith('./') && !relative.startsWith('../')) relative = `./${relative}`;
  const ext = /\.([cm]?)([jt])sx?$/.exec(relative);
  if (!ext) return relative;
  const stem = relative.slice(0, ext.index);
  const [, flavour = '', kind = ''] = ext;
  if (style.importExtension === '') return flavour === '' ? stem : relative;
  // The runtime needs a JS source's real file name; only TS sources are renamed to their output.
  if (kind === 'j' || style.importExtension === '.ts') return relative;
  return `${stem}.${flavour}js`;
}

/**
 * The dotted Python module of a source file: below the longest matching import root (pytest's
 * `pythonpath`), else climbing the folders that hold an `__init__.py`.
 */
export function pythonModuleFor(sourceFile: string, files: ReadonlySet<string>, importRoots: readonly string[] = []): string {
  const roots = importRoots
    .map((root) => root.replace(/^\.(\/|$)/, '').replace(/\/+$/, ''))
    .filter((root) => root !== '' && sourceFile.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  const stripped = roots[0] === undefined ? null : sourceFile.slice(roots[0].length + 1);
  const parts = (stripped ?? sourceFile).replace(/\.py$/, '').split('/');
  if (stripped === null) {
    let dir = posix.dirname(sourceFile);
    let depth = 1;
    while (dir !== '.' && files.has(`${dir}/__init__.py`)) {
      depth += 1;
      dir = posix.dirname(dir);
    }
    parts.splice(0, parts.length - depth);
  }
  if (parts.length > 1 && parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

function isTestName(path: string, style: TestStyle): boolean {
  const name = posix.basename(path);
  if (style.language === 'py') return isPythonTestName(name) || name === 'conftest.py';
  if (isJsTestPath(path)) return true;
  // A project whose tests carry no .test/.spec infix (mocha's test/*.js) writes plain scripts there.
  const hasInfix = /^\.(test|spec)\./.test(style.suffix);
  const inFolder = style.layout.kind === 'folder' && path.startsWith(`${style.layout.dir}/`);
  return !hasInfix && inFolder && path.endsWith(style.suffix) && /\.[cm]?[jt]sx?$/.test(path);
}

/** Null when a model may write this project-relative path as a test file; else a one-line reason. */
export function checkTestPath(path: string, style: TestStyle): string | null {
  const where = style.layout.kind === 'folder' ? `under ${style.layout.dir}/` : `as ${style.language === 'py' ? `${style.suffix === '_test' ? '*_test.py' : 'test_*.py'}` : `*${style.suffix}`} files`;
  const only = `build-tests may only add tests ${where}`;
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) return `${path} is not a relative path: ${only}`;
  if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) return `${path} leaves or re-enters the project: ${only}`;
  const forbidden = FORBIDDEN_DIR.exec(path);
  if (forbidden) return `${path} is inside ${forbidden[2]}/: ${only}`;
  const name = posix.basename(path);
  if (LOCKFILES.has(name)) return `${path} is a lockfile: ${only}`;
  if (CONFIG_NAME.test(name)) return `${path} is a configuration file: ${only}`;
  if (!isTestName(path, style)) return `${path} is not a test file: ${only}`;
  if (style.layout.kind === 'folder' && !path.startsWith(`${style.layout.dir}/`)) return `${path} is outside the test folder: ${only}`;
  return null;
}
