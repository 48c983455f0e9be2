/** The path rules that need no file system: how a path reads, whatever the repository holds. */
export type PathRule = 'absolute-path' | 'outside-repo' | 'git-dir' | 'unparseable';

/** A path that breaks a rule, and why. */
export interface PathViolation {
  path: string;
  rule: PathRule;
  message: string;
}

/** `.git`, and the names Windows file systems resolve to it (`.GIT.`, `git~1`). */
const GIT_DIR = /^(\.git[. ]*|git~\d+)$/i;

/**
 * Checks a repository path as written (backslashes count as separators, since some file systems
 * read them so): it must be relative, stay inside the repository once `..` is resolved, and not
 * enter `.git` in any case.
 */
export function checkRepoPath(path: string): PathViolation | null {
  const violation = (rule: PathRule, message: string): PathViolation => ({ path, rule, message });
  if (path.trim() === '' || /[\u0000-\u001f\u007f-\u009f]/.test(path)) return violation('unparseable', 'the path is empty or holds control characters');
  if (/[\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/.test(path)) return violation('unparseable', 'the path holds an invisible, line-separator or bidirectional character');
  if (/^([\\/]|[A-Za-z]:)/.test(path)) return violation('absolute-path', 'the path is absolute; paths must be relative to the repository root');
  const kept: string[] = [];
  for (const segment of path.split(/[\\/]+/)) {
    if (GIT_DIR.test(segment)) return violation('git-dir', 'the path is inside .git, which patches may not touch');
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') kept.push(segment);
    else if (kept.pop() === undefined) return violation('outside-repo', 'the path leaves the repository through ..');
  }
  if (kept.length === 0) return violation('unparseable', 'the path names the repository root, not a file');
  return null;
}

/** The path with `.` segments and `a/..` pairs resolved, `/` separators; call only on paths that pass `checkRepoPath`. */
export function normalizeRepoPath(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split(/[\\/]+/)) {
    if (segment === '..') kept.pop();
    else if (segment !== '' && segment !== '.') kept.push(segment);
  }
  return kept.join('/');
}
