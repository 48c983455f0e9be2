import type { Attempt, CheckFailure, Rejection } from '../../artefacts/commit-result.js';
import type { BuildReport } from '../../artefacts/build-report.js';
import { applyEdits } from '../../patch/apply-edits.js';
import { parseEdits } from '../../patch/parse-edits.js';
import type { PatchPolicy } from '../../patch/patch-policy.js';
import { checkRepoPath } from '../../patch/path-rules.js';
import { readWorktreeFile } from '../../patch/read-worktree-file.js';
import { measureFileChanges, renderUnifiedDiff } from '../../patch/render-diff.js';
import type { EditFormat, FileChange, FileEdit, HunkFailure } from '../../patch/types.js';
import { redactSecretsInText } from '../../patch/secret-scan.js';
import { validatePatch } from '../../patch/validate-patch.js';
import { invertFileChanges, writeFileChanges } from '../../patch/write-file-changes.js';
import { findNewFailures } from './compare-checks.js';
import type { AttemptProblem } from './failure-digest.js';

export interface TryPatchOptions {
  /** The worktree the patch goes into. */
  dir: string;
  baseSha: string;
  text: string;
  format: EditFormat;
  policy: PatchPolicy;
  /** The base commit's self-check, run (once) only when a patch gets as far as being written. */
  baseline(): Promise<BuildReport>;
  /** Runs the self-check in `dir` and returns its report and where it was written. */
  check(): Promise<{ report: BuildReport; file: string }>;
}

/** One attempt's record (without number, reasoning and duration) and, unless it committed-ready, its problem. */
export interface PatchTrial {
  attempt: Omit<Attempt, 'number' | 'reasoning' | 'duration_ms'>;
  /** The changes now in the worktree: set only when the self-check found nothing new. */
  files: FileChange[] | null;
  problem: AttemptProblem | null;
  failures: CheckFailure[];
}

/** An edit the applier refused for what it is (unsafe path, binary, symlink, submodule) is a rejection, not a miss. */
function toRejection(failure: HunkFailure, edits: readonly FileEdit[]): Rejection[] {
  if (failure.path === null) return [];
  if (failure.reason === 'unsafe-path') {
    const violation = checkRepoPath(failure.path);
    return [{ path: failure.path, rule: violation?.rule ?? 'unparseable', message: violation?.message ?? failure.message }];
  }
  if (failure.reason !== 'unsupported') return [];
  const edit = edits.find((candidate) => candidate.path === failure.path);
  const rule = edit?.isBinary ? 'binary' : edit?.mode === '120000' ? 'symlink' : edit?.mode === '160000' ? 'submodule' : 'unparseable';
  return [{ path: failure.path, rule, message: failure.message }];
}

const EMPTY: PatchTrial['attempt'] = {
  result: 'malformed',
  is_well_formed: false,
  patch: null,
  stats: null,
  rejections: [],
  hunk_failures: [],
  new_failures: [],
  check_report: null,
};

/**
 * Parses, applies (in memory), validates, writes and self-checks one patch in the worktree. A patch
 * whose check finds new failures is taken out again, so every attempt starts from the base commit.
 */
export async function tryPatch(options: TryPatchOptions): Promise<PatchTrial> {
  const size = Buffer.byteLength(options.text);
  if (size > options.policy.max_diff_bytes) {
    const rejections: Rejection[] = [{ path: null, rule: 'too-large', message: `the patch is ${size} bytes; the limit is ${options.policy.max_diff_bytes} (patch.max_diff_bytes)` }];
    return { attempt: { ...EMPTY, result: 'rejected', rejections }, files: null, problem: { kind: 'rejected', rejections }, failures: [] };
  }
  const parsed = parseEdits(options.text, options.format);
  const applied = await applyEdits(parsed, readWorktreeFile(options.dir));
  if (!applied.ok) {
    const rejections = applied.failures.flatMap((failure) => toRejection(failure, parsed.edits));
    if (rejections.length > 0) {
      return { attempt: { ...EMPTY, result: 'rejected', is_well_formed: parsed.wellFormed, rejections }, files: null, problem: { kind: 'rejected', rejections }, failures: [] };
    }
    const messages = applied.failures.map((failure) => failure.message);
    const isMalformed = parsed.edits.length === 0 || applied.failures.every((failure) => failure.reason === 'malformed');
    return {
      attempt: { ...EMPTY, result: isMalformed ? 'malformed' : 'not-applied', is_well_formed: parsed.wellFormed, hunk_failures: messages },
      files: null,
      problem: isMalformed ? { kind: 'malformed', problems: messages } : { kind: 'not-applied', failures: messages },
      failures: [],
    };
  }
  // Recorded and fed back with any secret redacted: a refused patch must not carry one into reports or prompts.
  const patch = redactSecretsInText(renderUnifiedDiff(applied.files));
  const stats = measureFileChanges(applied.files);
  const base = { ...EMPTY, is_well_formed: parsed.wellFormed, patch, stats };
  if (applied.files.length === 0) {
    const modeOnly = parsed.edits.some((edit) => edit.mode !== null && edit.hunks.length === 0);
    const message = modeOnly ? 'the patch only changes file modes, which heal never changes: change file contents instead' : 'the patch changes nothing';
    return { attempt: { ...base, result: 'malformed', hunk_failures: [message] }, files: null, problem: { kind: 'malformed', problems: [message] }, failures: [] };
  }
  const validation = await validatePatch({ root: options.dir, diff: patch, files: applied.files, edits: parsed.edits, policy: options.policy, baseRef: options.baseSha });
  if (!validation.ok) {
    return { attempt: { ...base, result: 'rejected', rejections: validation.rejections }, files: null, problem: { kind: 'rejected', rejections: validation.rejections }, failures: [] };
  }
  const baseline = await options.baseline();
  await writeFileChanges(options.dir, applied.files);
  const { report, file } = await options.check();
  const failures = findNewFailures(baseline, report);
  if (failures.length === 0) {
    return { attempt: { ...base, result: 'committed', check_report: file }, files: applied.files, problem: null, failures };
  }
  await writeFileChanges(options.dir, invertFileChanges(applied.files));
  return { attempt: { ...base, result: 'check-failed', new_failures: failures, check_report: file }, files: null, problem: { kind: 'check-failed', failures }, failures };
}
