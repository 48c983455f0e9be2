import { z } from 'zod';

/** Limits and exceptions for patches heal applies; plugs into `.healrc.yaml` as `patch:`. */
export const PatchPolicy = z
  .object({
    /** Refuse a canonical diff larger than this many bytes. */
    max_diff_bytes: z.number().int().positive().default(200_000),
    /** Refuse a patch that touches more files than this. */
    max_files: z.number().int().positive().default(30),
    /** Refuse a patch that adds plus removes more lines than this. */
    max_changed_lines: z.number().int().positive().default(2_000),
    /**
     * Globs of protected paths a patch may change anyway, e.g. `.github/workflows/**`, or
     * `package.json#scripts` to let patches edit npm scripts. A glob without `/` matches at any depth.
     */
    allow_protected: z.array(z.string().min(1)).default([]),
    /** Let patches delete, remove, skip or focus tests (refused by default: a fix must not silence the suite). */
    allow_test_removal: z.boolean().default(false),
  })
  .strict();
export type PatchPolicy = z.infer<typeof PatchPolicy>;

/** The policy when the config says nothing. */
export const DEFAULT_PATCH_POLICY: PatchPolicy = PatchPolicy.parse({});
