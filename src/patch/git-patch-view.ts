import { execa } from 'execa';

/** One file of a diff as `git apply --numstat` reads it. */
export interface GitPatchEntry {
  path: string;
  /** The source of a rename or copy; null otherwise. */
  fromPath: string | null;
  /** Null for a binary file (numstat prints `-`). */
  added: number | null;
  removed: number | null;
}

/** A mode git's `--summary` reports for a path: created, deleted, or changed to. */
export interface GitModeEntry {
  path: string;
  mode: string;
}

/** How git reads a diff, or why it cannot. */
export type GitPatchView = { ok: true; entries: GitPatchEntry[]; modes: GitModeEntry[] } | { ok: false; message: string };

async function runGit(root: string, args: readonly string[], input?: string) {
  const result = await execa('git', ['--literal-pathspecs', ...args], {
    cwd: root,
    reject: false,
    stripFinalNewline: false,
    env: { LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** Reads the diff's paths, line counts and modes exactly as git will (`git apply --numstat --summary -z`). */
export async function readGitPatchView(root: string, diff: string): Promise<GitPatchView> {
  const result = await runGit(root, ['apply', '--numstat', '--summary', '-z', '-'], diff);
  if (result.exitCode !== 0) return { ok: false, message: result.stderr.trim() || `git apply exited with ${result.exitCode}` };
  const entries: GitPatchEntry[] = [];
  let rest = result.stdout;
  for (let record = /^(\d+|-)\t(\d+|-)\t([^\0]*)\0/.exec(rest); record; record = /^(\d+|-)\t(\d+|-)\t([^\0]*)\0/.exec(rest)) {
    rest = rest.slice(record[0].length);
    const count = (text: string | undefined) => (text === undefined || text === '-' ? null : Number(text));
    let path = record[3] ?? '';
    let fromPath: string | null = null;
    if (path === '') {
      const [from = '', to = '', ...after] = rest.split('\0');
      fromPath = from;
      path = to;
      rest = after.join('\0');
    }
    entries.push({ path, fromPath, added: count(record[1]), removed: count(record[2]) });
  }
  const modes: GitModeEntry[] = [];
  for (const line of rest.split('\n')) {
    const created = /^ (?:create|delete) mode (\d+) (.*)$/.exec(line);
    const changed = /^ mode change \d+ => (\d+) (.*)$/.exec(line);
    const found = created ?? changed;
    if (found) modes.push({ mode: found[1] ?? '', path: found[2] ?? '' });
  }
  return { ok: true, entries, modes };
}

/** git's own verdict on applying the diff to the working tree at `root`: null when it applies. */
export async function checkGitApply(root: string, diff: string): Promise<string | null> {
  const result = await runGit(root, ['apply', '--check', '-'], diff);
  return result.exitCode === 0 ? null : result.stderr.trim() || `git apply --check exited with ${result.exitCode}`;
}

/** The git modes (`100644`, `120000`, `160000`, `040000`) of whichever of `paths` exist in `ref`. */
export async function readTreeModes(root: string, ref: string, paths: readonly string[]): Promise<Map<string, string>> {
  const modes = new Map<string, string>();
  if (paths.length === 0) return modes;
  const result = await runGit(root, ['ls-tree', '-z', '--full-tree', ref, '--', ...paths]);
  if (result.exitCode !== 0) return modes;
  for (const record of result.stdout.split('\0')) {
    const match = /^(\d+) \w+ [0-9a-f]+\t(.*)$/s.exec(record);
    if (match) modes.set(match[2] ?? '', match[1] ?? '');
  }
  return modes;
}
