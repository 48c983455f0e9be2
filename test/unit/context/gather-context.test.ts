import { describe, expect, it } from 'vitest';
import type { ProcessRunner } from '../../../src/adapters/process-runner.js';
import { gatherContext } from '../../../src/context/gather-context.js';
import { estimateTokens, renderContext } from '../../../src/context/render-context.js';
import type { ContextDeps, RepoReader } from '../../../src/context/types.js';

/** An in-memory repo that fails the test if anything asks for a file it must never read. */
function memoryRepo(files: Record<string, string>, neverRead: readonly string[] = []): RepoReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    listTrackedFiles: async () => Object.keys(files),
    readText: async (path) => {
      if (neverRead.includes(path)) throw new Error(`read ${path}`);
      reads.push(path);
      const text = files[path];
      return text === undefined ? { skipped: 'unreadable' } : { text };
    },
  };
}

const noPython: ProcessRunner = {
  run: async () => ({ outcome: 'not-found', exitCode: null, stdout: '', stderr: '', durationMs: 0 }),
};

const filler = (count: number) => Array.from({ length: count }, (_, index) => `const filler${index} = ${index};`).join('\n');

const FILES: Record<string, string> = {
  'src/math.ts': `export function clamp(value: number, min: number, max: number): number {\n  return Math.min(max, Math.max(min, value));\n}\n`,
  'src/strings.ts': `${filler(100)}\nexport function parseArgs(argv: string[]): string[] {\n  return argv;\n}\n${filler(100)}\n`,
  'app/users.py': `${'# pad\n'.repeat(60)}class UserService:\n    def create(self, name):\n        return name\n`,
  'src/session.ts': 'export const state = { expires: 0 };\n// session refresh session\n',
  '.env': 'HEAL_CANARY_abc=1\n',
  'config/keys.pem': '-----BEGIN PRIVATE KEY-----\n',
  'node_modules/lib/index.js': 'export const clamp = 1;\n',
  'src/config.ts': 'export const settings = { session: 1 };\nconst apiKey = "x9Fq2LmZ8vT4rWp1q";\n',
  'dist/bundle.min.js': 'var clamp=1;',
};

const deps = (reader: RepoReader): ContextDeps => ({ reader, runner: noPython });

describe('gatherContext on an in-memory repo', () => {
  it('puts the named file first, then named symbols (TS and Python), then lexical matches', async () => {
    const reader = memoryRepo(FILES, ['.env', 'config/keys.pem']);
    const bundle = await gatherContext(
      { root: '/repo', goal: 'In math.ts, make parseArgs and UserService.create respect the session' },
      deps(reader),
    );
    expect(bundle.items.map((item) => [item.path, item.reason, item.symbol])).toEqual([
      ['src/math.ts', 'named-file', undefined],
      ['src/strings.ts', 'named-symbol', 'parseArgs'],
      ['app/users.py', 'named-symbol', 'UserService.create'],
      ['src/session.ts', 'lexical', undefined],
      ['src/config.ts', 'lexical', undefined],
    ]);
    expect(bundle.items[1]).toMatchObject({ start_line: 61, end_line: 143 });
    // The lexical request for the short Python file takes all of it and merges with the symbol's.
    expect(bundle.items[2]).toMatchObject({ start_line: 1, end_line: 63 });
    expect(bundle.omitted).toEqual(
      expect.arrayContaining([
        { path: '.env', reason: 'secret-path' },
        { path: 'config/keys.pem', reason: 'secret-path' },
      ]),
    );
    expect(reader.reads).not.toContain('node_modules/lib/index.js');
    expect(bundle.tokens).toBe(estimateTokens(renderContext(bundle)));
  });

  it('redacts secret lines of a relevant file', async () => {
    const bundle = await gatherContext({ root: '/repo', goal: 'change settings in src/config.ts' }, deps(memoryRepo(FILES)));
    const text = renderContext(bundle);
    expect(text).toContain('[redacted by heal: generic-assignment]');
    expect(text).not.toContain('x9Fq2LmZ8vT4rWp1q');
  });

  it('honours explicit paths, never reads secrets even when named, and says why files are missing', async () => {
    const bundle = await gatherContext(
      { root: '/repo', goal: 'tidy up .env', paths: ['/repo/src/session.ts', 'missing.ts', '.env', 'dist/bundle.min.js'] },
      deps(memoryRepo(FILES, ['.env'])),
    );
    expect(bundle.items.map((item) => [item.path, item.reason])).toEqual([
      ['src/session.ts', 'named-file'],
      ['dist/bundle.min.js', 'named-file'],
    ]);
    expect(bundle.omitted).toEqual([
      { path: 'missing.ts', reason: 'not-tracked' },
      { path: '.env', reason: 'secret-path' },
      { path: 'config/keys.pem', reason: 'secret-path' },
    ]);
  });

  it('respects the budget by dropping the lowest-ranked snippets first', async () => {
    const goal = 'make parseArgs respect the session';
    const full = await gatherContext({ root: '/repo', goal }, deps(memoryRepo(FILES)));
    const last = full.items.at(-1);
    expect(last?.reason).toBe('lexical');
    const budgetTokens = full.tokens - 1;
    const bundle = await gatherContext({ root: '/repo', goal, budgetTokens }, deps(memoryRepo(FILES)));
    expect(bundle.tokens).toBeLessThanOrEqual(budgetTokens);
    expect(bundle.items).toEqual(full.items.slice(0, -1));
    expect(bundle.omitted).toContainEqual({ path: last?.path, reason: 'over-budget' });
  });
});
