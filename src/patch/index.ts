/**
 * Turning a model-written edit into validated file changes: parse → apply (in memory) → render the
 * canonical diff → validate → write into a worktree.
 */
export { applyEdits } from './apply-edits.js';
export { parseEdits } from './parse-edits.js';
export { DEFAULT_PATCH_POLICY, PatchPolicy } from './patch-policy.js';
export type { PatchRejection, PatchRule } from './patch-rules.js';
export { PROTECTED_PATHS } from './protected-paths.js';
export { readWorktreeFile } from './read-worktree-file.js';
export { measureFileChanges, renderUnifiedDiff } from './render-diff.js';
export type * from './types.js';
export { validatePatch, type PatchValidation, type ValidatePatchOptions } from './validate-patch.js';
export { writeFileChanges } from './write-file-changes.js';
