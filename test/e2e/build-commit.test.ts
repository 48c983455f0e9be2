import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildReport } from '../../src/artefacts/build-report.js';
import { createFixtureRepo } from '../helpers/fixture-repo.js';
import { runHeal } from '../helpers/run-heal.js';

const repo = createFixtureRepo('ts-vitest-green-partial-coverage');
afterAll(() => repo.cleanup());

/** Every file of the working tree (not .git, not .heal, not the linked node_modules) with its hash. */
function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (!entry.isFile() || /^(\.git|\.heal|node_modules)(\/|$)/.test(path)) continue;
    files[path] = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex');
  }
  return files;
}

function snapshotRepo() {
  return {
    status: repo.git('status', '--porcelain', '--untracked-files=all'),
    stash: repo.git('stash', 'list'),
    refs: repo.git('for-each-ref', '--format=%(refname) %(objectname)'),
    head: repo.git('rev-parse', 'HEAD'),
    symbolicHead: repo.git('symbolic-ref', 'HEAD'),
    index: repo.git('ls-files', '--stage'),
    tree: snapshotTree(repo.dir),
  };
}

describe('heal build --commit', () => {
  // History: the green fixture, then a commit that breaks a test. The working tree then gets a
  // stash entry, a staged change, an unstaged change and an untracked file.
  const test = join(repo.dir, 'test', 'price.test.ts');
  writeFileSync(test, readFileSync(test, 'utf8').replace(/toBe\((\d+)\)/, 'toBe($1 + 1)'));
  repo.git('commit', '-qam', 'break a test');
  writeFileSync(join(repo.dir, 'README.md'), 'stashed change\n');
  repo.git('stash', 'push', '-q');
  writeFileSync(join(repo.dir, 'src', 'money.ts'), `${readFileSync(join(repo.dir, 'src', 'money.ts'), 'utf8')}// staged\n`);
  repo.git('add', 'src/money.ts');
  writeFileSync(join(repo.dir, 'src', 'price.ts'), `${readFileSync(join(repo.dir, 'src', 'price.ts'), 'utf8')}// unstaged\n`);
  writeFileSync(join(repo.dir, 'notes.txt'), 'untracked\n');
  const before = snapshotRepo();
  const parent = repo.git('rev-parse', 'HEAD~1').trim();

  it('builds an older commit in a temporary worktree and leaves the checkout byte-identical', () => {
    const run = runHeal(['build', '--commit', 'HEAD~1', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const report = BuildReport.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ status: 'PASSED', source: 'commit', commit_sha: parent, branch_name: null, is_dirty: false });
    expect(report.steps.find((step) => step.kind === 'install')?.message).toBe('dependencies already installed');
    expect(snapshotRepo()).toEqual(before);
  });

  it('builds HEAD as committed, not the dirty working tree, and finds its failing test', () => {
    const run = runHeal(['build', '--commit', 'HEAD', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const report = BuildReport.parse(JSON.parse(run.stdout));
    expect(report.failed_tests.map((failed) => failed.file)).toEqual(['test/price.test.ts']);
    expect(snapshotRepo()).toEqual(before);
  });

  it('removes its worktree and keeps the linked node_modules of the main checkout', () => {
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(readdirSync(join(repo.dir, '.heal', 'worktrees'))).toEqual([]);
    expect(existsSync(join(repo.dir, 'node_modules', 'vitest', 'package.json'))).toBe(true);
  });

  it('builds the dirty working tree by default and says so', () => {
    const run = runHeal(['build', '--json'], { cwd: repo.dir });
    const report = BuildReport.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ source: 'working-tree', is_dirty: true, branch_name: 'main' });
    expect(snapshotRepo()).toEqual(before);
  });
});
