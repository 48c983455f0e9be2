import { findSymlink } from './find-symlink.js';
import { checkGitApply, readGitPatchView, readTreeModes } from './git-patch-view.js';
import { checkBinaryContent, checkEdits, checkGitReading, checkProtected, checkTestWeakening, type PatchRejection } from './patch-rules.js';
import { DEFAULT_PATCH_POLICY, type PatchPolicy } from './patch-policy.js';
import { scanAddedLines } from './secret-scan.js';
import type { FileChange, FileEdit } from './types.js';

/** What to validate, where, and under which policy. */
export interface ValidatePatchOptions {
  /** The repository (or worktree) root: git runs here and symlinks are looked for here. */
  root: string;
  /** The canonical diff (`renderUnifiedDiff(files)`). */
  diff: string;
  /** The computed changes the diff was rendered from: package.json scripts are compared on them. */
  files: readonly FileChange[];
  /** The edits as parsed, so raw paths (`../x`, `/etc/passwd`) and declared modes are checked as written. */
  edits?: readonly FileEdit[];
  policy?: PatchPolicy;
  /** The commit whose tree is searched for symlinks and gitlinks; default HEAD. */
  baseRef?: string;
  /** Also run `git apply --check` against the working tree at `root` (default true). */
  checkApplies?: boolean;
}

/** Either the patch may be written, or every reason it may not. */
export type PatchValidation = { ok: true; paths: string[] } | { ok: false; rejections: PatchRejection[] };

/**
 * Decides, before anything touches disk, whether a patch may be applied: the parsed edits and git's
 * own reading of the canonical diff must name only safe, unprotected, plain text files within the caps,
 * and add no secret.
 */
export async function validatePatch(options: ValidatePatchOptions): Promise<PatchValidation> {
  const policy = options.policy ?? DEFAULT_PATCH_POLICY;
  const found: PatchRejection[] = [];
  const bytes = Buffer.byteLength(options.diff, 'utf8');
  if (bytes > policy.max_diff_bytes) {
    found.push({ path: null, rule: 'too-large', message: `the patch is ${bytes} bytes; the limit is ${policy.max_diff_bytes}` });
  }
  const paths = checkEdits(options.edits ?? [], found);
  const view = await readGitPatchView(options.root, options.diff);
  if (view.ok) paths.push(...checkGitReading(options.diff, view.entries, view.modes, policy, found));
  else found.push({ path: null, rule: 'unparseable', message: `git cannot read the patch: ${view.message}` });
  const unique = [...new Set(paths)];
  await checkLinks(options.root, options.baseRef ?? 'HEAD', unique, found);
  checkProtected(unique, options.files, policy, found);
  checkBinaryContent(options.files, found);
  checkTestWeakening(options.files, policy, found);
  for (const hit of scanAddedLines(options.files)) {
    found.push({ path: hit.path, rule: 'secret', message: `${hit.rule}${hit.line === null ? '' : ` at line ${hit.line}`} (${hit.masked}): heal never commits secrets; read them from the environment instead` });
  }
  if (found.length === 0 && options.checkApplies !== false) {
    const refusal = await checkGitApply(options.root, options.diff);
    if (refusal) found.push({ path: null, rule: 'unparseable', message: `git apply --check refuses the patch: ${refusal}` });
  }
  const rejections = dedupe(found);
  return rejections.length === 0 ? { ok: true, paths: unique } : { ok: false, rejections };
}

/** Symlinks and gitlinks at or above each path, in the base tree and on disk. */
async function checkLinks(root: string, baseRef: string, paths: readonly string[], found: PatchRejection[]): Promise<void> {
  const prefixesOf = (path: string) => path.split('/').map((_, i, segments) => segments.slice(0, i + 1).join('/'));
  const modes = await readTreeModes(root, baseRef, [...new Set(paths.flatMap(prefixesOf))]);
  for (const path of paths) {
    for (const prefix of prefixesOf(path)) {
      const mode = modes.get(prefix);
      const isSelf = prefix === path;
      if (mode === '120000') {
        const message = isSelf ? `${path} is a symlink in ${baseRef}` : `${path} lies under ${prefix}, a symlink in ${baseRef}`;
        found.push({ path, rule: isSelf ? 'symlink' : 'through-symlink', message });
      } else if (mode === '160000') {
        found.push({ path, rule: 'submodule', message: `${isSelf ? path : prefix} is a submodule in ${baseRef}` });
      }
    }
    const link = await findSymlink(root, path);
    if (link?.at === 'self') found.push({ path, rule: 'symlink', message: `${path} is a symlink on disk` });
    if (link?.at === 'parent') found.push({ path, rule: 'through-symlink', message: `${path} lies under ${link.link}, a symlink on disk` });
  }
}

function dedupe(found: readonly PatchRejection[]): PatchRejection[] {
  const seen = new Set<string>();
  return found.filter((rejection) => {
    const key = `${rejection.rule}\0${rejection.path ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
