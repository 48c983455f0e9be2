import type { FixtureRepo } from './fixture-repo.js';

/** Everything of the user's that heal must leave alone: tree, index, refs outside heal's agt/ branches, stash. */
export function userState(fixture: FixtureRepo): string {
  return [
    fixture.git('status', '--porcelain', '--untracked-files=all'),
    fixture.git('diff', '--binary', 'HEAD'),
    fixture
      .git('for-each-ref', '--format=%(refname) %(objectname)')
      .split('\n')
      .filter((line) => !line.startsWith('refs/heads/agt/'))
      .join('\n'),
    fixture.git('stash', 'list'),
  ].join('\n---\n');
}
