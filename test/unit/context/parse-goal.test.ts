import { describe, expect, it } from 'vitest';
import { matchNamedFiles, parseGoal } from '../../../src/context/parse-goal.js';
import { splitIdentifier, tokenize } from '../../../src/context/tokenize.js';

describe('tokenize', () => {
  it('splits camelCase, PascalCase, snake_case, kebab-case and digits', () => {
    expect(splitIdentifier('parseArgs')).toEqual(['parse', 'args']);
    expect(splitIdentifier('HTTPServer2go')).toEqual(['http', 'server', '2', 'go']);
    expect(splitIdentifier('user_service')).toEqual(['user', 'service']);
    expect(splitIdentifier('max-retries')).toEqual(['max', 'retries']);
  });

  it('keeps the whole identifier too, and drops stop words, keywords and numbers', () => {
    expect(tokenize('export function parseArgs(the_argv) { return 42; }')).toEqual([
      'parse',
      'args',
      'parseargs',
      'argv',
      'theargv',
    ]);
  });
});

describe('parseGoal', () => {
  it('tells file-like tokens from identifiers', () => {
    const goal = parseGoal('Fix `clamp` in src/math.ts: it ignores NaN; also see utils/strings.py:12 and UserService.create()');
    expect(goal.paths).toEqual(['src/math.ts', 'utils/strings.py']);
    expect(goal.symbols).toEqual(expect.arrayContaining(['clamp', 'ignores', 'NaN', 'UserService.create']));
    expect(goal.symbols).not.toContain('in');
    expect(goal.terms).toEqual(expect.arrayContaining(['clamp', 'math', 'user', 'service', 'create']));
  });

  it('keeps a bare file name and drops URLs and trailing punctuation', () => {
    const goal = parseGoal('see math.ts, and https://example.com/a.ts.');
    expect(goal.paths).toEqual(['math.ts']);
  });
});

describe('matchNamedFiles', () => {
  const tracked = ['src/math.ts', 'test/math.ts', 'src/lib/math.ts', 'lib/strings.py', 'mathematics.ts', 'README.md'];

  it('matches whole path suffixes, shortest first', () => {
    expect(matchNamedFiles(['math.ts'], tracked)).toEqual(['src/math.ts', 'test/math.ts', 'src/lib/math.ts']);
    expect(matchNamedFiles(['src/math.ts'], tracked)).toEqual(['src/math.ts']);
    expect(matchNamedFiles(['./lib/strings.py'], tracked)).toEqual(['lib/strings.py']);
    expect(matchNamedFiles(['ath.ts', 'nope.py'], tracked)).toEqual([]);
  });
});
