import { posix } from 'node:path';
import type { FailedTest } from '../../../artefacts/build-report.js';
import type { StackFrame } from './read-stack.js';
import type { SourceMapper } from './source-map-locate.js';
import type { FixLocation } from '../types.js';
import { isTestFile } from '../test-files.js';

/** How printed paths become repository paths for one failed test. */
export interface PathContext {
  /** Absolute folders the repository was built in: the given root, then any the stack shows. */
  roots: string[];
  /** The test's project folder relative to the repository root ("." for the root): runners print paths relative to it. */
  projectRoot: string;
}

// Dependency, virtualenv and test-framework folders: frames there are never the code to change.
const FOREIGN_SEGMENTS = new Set([
  'node_modules', 'site-packages', 'dist-packages', '.venv', 'venv', '.tox', '.nox', '__pypackages__',
  'bower_components', '.pnpm', '.yarn', '_pytest', 'pluggy', '.heal', '.git',
]);
const DEPENDENCY_DIR = /\/(node_modules|site-packages|dist-packages)(\/|$)/;

function isForeign(path: string): boolean {
  return path.split('/').some((part) => FOREIGN_SEGMENTS.has(part) || /^python\d+(\.\d+)?$/.test(part));
}

/** A path or `file://` URL with `/` separators; `file:///C:/x` becomes `C:/x`. */
function toPlainPath(path: string): string {
  const plain = path.startsWith('file://') ? decodeURIComponent(path.slice('file://'.length)) : path;
  return plain.replaceAll('\\', '/').replace(/^\/([A-Za-z]:\/)/, '$1');
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

/** An absolute path (or `file://` URL) inside one of the roots, as a repository path; else null. */
export function toRootRelative(path: string, roots: readonly string[]): string | null {
  const plain = toPlainPath(path);
  // The deepest root first: a worktree under the repository's .heal/ folder is its own root.
  for (const root of [...roots].map(toPlainPath).sort((a, b) => b.length - a.length)) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (plain.startsWith(prefix)) return posix.normalize(plain.slice(prefix.length));
  }
  return null;
}

/** A printed path as a repository path; null for dependencies, runtimes and files outside the repository. */
export function toRepoPath(printed: string, context: PathContext): string | null {
  const path = toPlainPath(printed);
  if (path.startsWith('<') || path.startsWith('node:') || path.startsWith('internal/')) return null;
  const relative = isAbsolutePath(path)
    ? toRootRelative(path, context.roots)
    : posix.normalize(context.projectRoot === '.' ? path : `${context.projectRoot}/${path}`);
  if (relative === null || relative.startsWith('../') || relative === '..' || isForeign(relative)) return null;
  return relative;
}

/**
 * The folders a test ran in: the given root, then any absolute prefix the stack shows in front of
 * the test's own file, so that a build in another worktree still resolves.
 */
export function findRoots(repoRoot: string, test: FailedTest, frames: readonly StackFrame[]): string[] {
  const roots = [repoRoot.replace(/\/+$/, '')];
  const anchors = [test.file, test.location?.file].filter((file): file is string => Boolean(file));
  for (const frame of frames) {
    const path = toPlainPath(frame.path);
    const anchor = anchors.find((file) => path.endsWith(`/${file}`));
    const root = anchor ? path.slice(0, -anchor.length - 1) : null;
    if (root && isAbsolutePath(path) && !DEPENDENCY_DIR.test(root) && !roots.includes(root)) roots.push(root);
  }
  return roots;
}

/** Where to fix and where the test stands, from the first error (block) with a repository frame. */
export interface FrameLocations {
  location: FixLocation | null;
  testLocation: FixLocation | null;
}

/**
 * The innermost repository frame outside test files is the place to fix; when the error never
 * left test code, the innermost test frame. Compiled frames are mapped to their sources first.
 */
export async function locateFrames(
  blocks: readonly StackFrame[][],
  context: PathContext,
  mapper: SourceMapper,
): Promise<FrameLocations> {
  for (const block of blocks) {
    const located: FixLocation[] = [];
    for (const frame of block) {
      const file = toRepoPath(frame.path, context);
      if (file === null) continue;
      located.push(await mapper.mapLocation({ file, line: frame.line, column: Math.max(1, frame.column ?? 1) }));
    }
    if (located.length === 0) continue;
    const testLocation = located.find((location) => isTestFile(location.file)) ?? null;
    return { location: located.find((location) => !isTestFile(location.file)) ?? testLocation, testLocation };
  }
  return { location: null, testLocation: null };
}
