import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Attempt, CommitResult } from '../../src/artefacts/commit-result.js';
import type { FixtureRepo } from '../helpers/fixture-repo.js';
import { healBranches } from '../helpers/loop-run.js';
import { readResult, runBounded, type HostileCase, type HostileRun } from './hostile-run.js';

/**
 * Running a hostile patch (test/hostile/patches-*.test.ts) and checking how heal took it: refused
 * in one line with a rule, or committed on its own branch, and no trace of heal after a refusal.
 */

/** The goal of every patch run: heal names its branch agt/hostile-patch-<hash>. */
export const GOAL = 'hostile patch';

/** `heal code --patch <file outside the repo> --json GOAL`. */
export async function runPatch(run: HostileCase, patch: string, options: { cwd?: string } = {}): Promise<HostileRun> {
  const file = join(run.outside, `${randomUUID()}.diff`);
  writeFileSync(file, patch);
  return runBounded(['code', '--patch', file, '--json', GOAL], { cwd: options.cwd ?? run.fixture.dir, env: run.oracle.env });
}

/** The result's first attempt; a clear error when there is none. */
export function firstAttempt(result: CommitResult): Attempt {
  const attempt = result.attempts[0];
  if (!attempt) throw new Error(`no attempt recorded: ${JSON.stringify(result)}`);
  return attempt;
}

/** heal's own leftovers: none after a refusal (no branch, no worktree). */
export function expectNoTrace(fixture: FixtureRepo): void {
  expect(healBranches(fixture)).toEqual([]);
  expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
}

/** Exit 1, HARD_FAIL invalid-patch: nothing committed, the base never even built. Returns the one attempt. */
export function expectInvalidPatch(run: HostileRun): Attempt {
  const result = readResult(run);
  expect(run.code, run.stderr).toBe(1);
  expect(result).toMatchObject({ status: 'HARD_FAIL', stop_reason: 'invalid-patch', commit_sha: null, branch_name: null, baseline: null });
  expect(result.attempts).toHaveLength(1);
  return firstAttempt(result);
}

/** expectInvalidPatch, and a one-line rejection with this path, rule and wording. */
export function expectRejected(run: HostileRun, expected: { path: string | null; rule: string; message: RegExp }): void {
  const attempt = expectInvalidPatch(run);
  expect(attempt.result, JSON.stringify(attempt)).toBe('rejected');
  const rejection = attempt.rejections.find((found) => found.rule === expected.rule && found.path === expected.path);
  expect(rejection, `no ${expected.rule} rejection of ${expected.path}: ${JSON.stringify(attempt.rejections)}`).toBeDefined();
  expect(rejection?.message).toMatch(expected.message);
  expect(rejection?.message).not.toContain('\n');
}

/** Exit 0, committed on agt/<task>; returns the branch and the paths it changed (exact bytes, -z). */
export function expectCommitted(run: HostileRun, fixture: FixtureRepo): { branch: string; changed: string[] } {
  const result = readResult(run);
  expect(run.code, run.stderr).toBe(0);
  expect(result).toMatchObject({ status: 'SUCCESS', stop_reason: 'committed' });
  const branch = result.branch_name ?? '';
  expect(healBranches(fixture)).toEqual([branch]);
  const changed = fixture.git('diff', '--name-only', '-z', result.base_commit_sha, branch).split('\0').filter((path) => path !== '');
  return { branch, changed };
}
