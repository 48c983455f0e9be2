import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR, fixtureDepsDir } from './fixture-deps.js';

export interface FixtureRepo {
  dir: string;
  git(...args: string[]): string;
  cleanup(): void;
}

export interface FixtureRepoOptions {
  /** Link the fixture's pre-installed node_modules (default true). */
  withDeps?: boolean;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'heal-test',
  GIT_AUTHOR_EMAIL: 'heal-test@example.com',
  GIT_COMMITTER_NAME: 'heal-test',
  GIT_COMMITTER_EMAIL: 'heal-test@example.com',
};

/** Copies a fixture into a temp dir and makes it a git repo with one commit on `main`. */
export function createFixtureRepo(fixture: string, options: FixtureRepoOptions = {}): FixtureRepo {
  const dir = mkdtempSync(join(tmpdir(), `heal-${fixture}-`));
  cpSync(join(FIXTURES_DIR, fixture), dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '--no-verify', '-m', `fixture ${fixture}`);
  const deps = fixtureDepsDir(fixture);
  if (deps && options.withDeps !== false) symlinkSync(join(deps, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, git, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
