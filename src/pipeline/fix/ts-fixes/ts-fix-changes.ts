import { isAbsolute, relative, resolve, sep } from 'node:path';
import type TS from 'typescript';
import type { FileChange } from '../../../patch/types.js';

/** Where a fix may write: inside the project, never under node_modules, never a new file. */
export interface TsFixScope {
  /** Absolute, real path. */
  projectDir: string;
  /** Absolute, real path: FileChange paths are relative to it. */
  repoRoot: string;
  /** The text the language service saw for a file; undefined when it does not exist. */
  readText(fileName: string): string | undefined;
}

/**
 * A fix's text changes as whole-file changes, or null when it would create a file or touch one
 * outside the project or in node_modules (a fix may edit a declaration in another file).
 */
export function toFileChanges(changes: readonly TS.FileTextChanges[], scope: TsFixScope): FileChange[] | null {
  const files: FileChange[] = [];
  for (const change of changes) {
    const absolute = resolve(change.fileName);
    const inProject = relative(scope.projectDir, absolute);
    if (change.isNewFile || inProject === '' || inProject.startsWith('..') || isAbsolute(inProject)) return null;
    if (inProject.split(sep).includes('node_modules')) return null;
    const before = scope.readText(change.fileName);
    if (before === undefined) return null;
    const after = applyTextChanges(before, change.textChanges);
    if (after !== before) files.push({ path: relative(scope.repoRoot, absolute).split(sep).join('/'), kind: 'modify', before, after });
  }
  return files.length > 0 ? files : null;
}

/**
 * Applies non-overlapping changes from the last to the first, so earlier offsets stay valid; changes
 * at the same offset keep their given order (TypeScript lists insertions in the order they read).
 */
export function applyTextChanges(text: string, changes: readonly TS.TextChange[]): string {
  const ordered = changes.map((change, order) => ({ change, order })).sort((a, b) => a.change.span.start - b.change.span.start || a.order - b.order);
  let result = text;
  for (const { change } of ordered.reverse()) {
    result = result.slice(0, change.span.start) + change.newText + result.slice(change.span.start + change.span.length);
  }
  return result;
}
