import { readDiffGitPaths } from './diff-headers.js';
import type { GitModeEntry, GitPatchEntry } from './git-patch-view.js';
import { matchesGlob } from './match-glob.js';
import { checkRepoPath, normalizeRepoPath } from './path-rules.js';
import type { PatchPolicy } from './patch-policy.js';
import { changedManifestParts } from './manifest-changes.js';
import { findProtection } from './protected-paths.js';
import { describeTestWeakening } from './test-weakening.js';
import type { FileChange, FileEdit } from './types.js';

/** Every reason heal refuses a patch. */
export type PatchRule =
  | 'outside-repo'
  | 'absolute-path'
  | 'git-dir'
  | 'symlink'
  | 'through-symlink'
  | 'submodule'
  | 'binary'
  | 'too-large'
  | 'too-many-files'
  | 'too-many-lines'
  | 'protected'
  | 'secret'
  | 'disables-tests'
  | 'unparseable';

/** One refusal: the path (null for the patch as a whole), the rule it breaks, and a sentence saying so. */
export interface PatchRejection {
  path: string | null;
  rule: PatchRule;
  message: string;
}

const MODE_RULES: Record<string, { rule: PatchRule; what: string }> = {
  '120000': { rule: 'symlink', what: 'a symlink' },
  '160000': { rule: 'submodule', what: 'a submodule' },
};

/** Path rules for one path as written; returns its normalized form when it passes. */
export function checkPath(path: string, found: PatchRejection[]): string | null {
  const violation = checkRepoPath(path);
  if (violation) found.push({ path, rule: violation.rule, message: `${path}: ${violation.message}` });
  return violation ? null : normalizeRepoPath(path);
}

/** A file mode that only symlinks or submodules have. */
export function checkMode(path: string, mode: string | null, found: PatchRejection[]): void {
  const special = mode === null ? undefined : MODE_RULES[mode];
  if (special) found.push({ path, rule: special.rule, message: `${path}: the patch makes or changes ${special.what} (mode ${mode})` });
}

/** The edits as the model wrote them: raw paths, declared modes, binary content. Returns the safe paths. */
export function checkEdits(edits: readonly FileEdit[], found: PatchRejection[]): string[] {
  const paths: string[] = [];
  for (const edit of edits) {
    for (const path of [edit.path, edit.fromPath]) {
      const safe = path === null ? null : checkPath(path, found);
      if (safe) paths.push(safe);
    }
    checkMode(edit.path, edit.mode, found);
    if (edit.isBinary) found.push({ path: edit.path, rule: 'binary', message: `${edit.path}: binary patches are not allowed` });
  }
  return paths;
}

/** git's reading of the canonical diff: paths, modes, binary files, and the size caps. Returns the safe paths. */
export function checkGitReading(
  diff: string,
  entries: readonly GitPatchEntry[],
  modes: readonly GitModeEntry[],
  policy: PatchPolicy,
  found: PatchRejection[],
): string[] {
  const paths: string[] = [];
  for (const entry of entries) {
    for (const path of [entry.path, entry.fromPath]) {
      const safe = path === null ? null : checkPath(path, found);
      if (safe) paths.push(safe);
    }
    if (entry.added === null) found.push({ path: entry.path, rule: 'binary', message: `${entry.path}: git reads it as a binary file` });
  }
  for (const { path, mode } of modes) checkMode(path, mode, found);
  let section: string | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) section = readDiffGitPaths(line.slice('diff --git '.length))?.to ?? null;
    if (line.startsWith('GIT binary patch') || /^Binary files .* differ$/.test(line)) {
      found.push({ path: section, rule: 'binary', message: `${section ?? 'the patch'}: binary patches are not allowed` });
    }
  }
  const changed = entries.reduce((sum, entry) => sum + (entry.added ?? 0) + (entry.removed ?? 0), 0);
  if (entries.length > policy.max_files) {
    found.push({ path: null, rule: 'too-many-files', message: `the patch changes ${entries.length} files; the limit is ${policy.max_files}` });
  }
  if (changed > policy.max_changed_lines) {
    found.push({ path: null, rule: 'too-many-lines', message: `the patch changes ${changed} lines; the limit is ${policy.max_changed_lines}` });
  }
  return paths;
}

/** Protected paths, and the dependency and script parts of any manifest, unless the policy allows them. */
export function checkProtected(paths: readonly string[], files: readonly FileChange[], policy: PatchPolicy, found: PatchRejection[]): void {
  for (const path of new Set(paths)) {
    const protection = findProtection(path, policy.allow_protected);
    if (protection) {
      const message = `${path} is protected (${protection.group}: ${protection.pattern}); list it in patch.allow_protected to let patches change it`;
      found.push({ path, rule: 'protected', message });
    }
  }
  for (const file of files) {
    for (const part of changedManifestParts(file.path, file.before, file.after)) {
      if (policy.allow_protected.some((pattern) => matchesGlob(part, pattern))) continue;
      const message = `${file.path}: the patch changes ${part.slice(file.path.length + 1)} (protected as ${part}); list that in patch.allow_protected to allow it`;
      found.push({ path: file.path, rule: 'protected', message });
    }
  }
}

/** Deleted, removed, skipped or focused tests, unless the policy allows test removal. */
export function checkTestWeakening(files: readonly FileChange[], policy: PatchPolicy, found: PatchRejection[]): void {
  if (policy.allow_test_removal) return;
  for (const file of files) {
    const weakening = describeTestWeakening(file.path, file.before, file.after);
    if (weakening) found.push({ path: file.path, rule: 'disables-tests', message: `${file.path}: the patch ${weakening}; heal does not make tests pass by removing them (patch.allow_test_removal: true allows it)` });
  }
}

/** Text that holds NUL bytes is binary, whatever the diff says (git would store it as such). */
export function checkBinaryContent(files: readonly FileChange[], found: PatchRejection[]): void {
  for (const file of files) {
    if (file.after?.includes('\u0000')) found.push({ path: file.path, rule: 'binary', message: `${file.path}: the new content is binary (holds NUL bytes)` });
  }
}
