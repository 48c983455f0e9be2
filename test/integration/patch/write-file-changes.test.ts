import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/patch/apply-edits.js';
import { parseEdits } from '../../../src/patch/parse-edits.js';
import { readWorktreeFile } from '../../../src/patch/read-worktree-file.js';
import { renderUnifiedDiff } from '../../../src/patch/render-diff.js';
import { validatePatch } from '../../../src/patch/validate-patch.js';
import { writeFileChanges } from '../../../src/patch/write-file-changes.js';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
let root = '';
let outside = '';
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: GIT_ENV, encoding: 'utf8' });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'heal-patch-write-'));
  outside = mkdtempSync(join(tmpdir(), 'heal-patch-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'secret\n');
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\r\nexport const b = 2;\r\n');
  writeFileSync(join(root, 'old.txt'), 'old\n');
  symlinkSync(outside, join(root, 'out'));
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '--no-verify', '-m', 'base');
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('from a model diff to files on disk', () => {
  it('applies, validates and writes a patch that git agrees with', async () => {
    const text = [
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -7,2 +7,2 @@',
      ' export const a = 1;',
      '-export const b = 2;',
      '+export const b = 3;',
      '--- /dev/null',
      '+++ b/src/deep/new.ts',
      '@@ -0,0 +1 @@',
      '+export const c = 4;',
      '--- a/old.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-old',
      '',
    ].join('\n');
    const parsed = parseEdits(text, 'diff');
    const applied = await applyEdits(parsed, readWorktreeFile(root));
    if (!applied.ok) throw new Error(applied.failures.map((failure) => failure.message).join('\n'));
    const diff = renderUnifiedDiff(applied.files);
    expect(await validatePatch({ root, diff, files: applied.files, edits: parsed.edits })).toMatchObject({ ok: true });
    expect(await writeFileChanges(root, applied.files)).toEqual(['src/a.ts', 'src/deep/new.ts', 'old.txt']);
    expect(readFileSync(join(root, 'src', 'a.ts'), 'utf8')).toBe('export const a = 1;\r\nexport const b = 3;\r\n');
    git('add', '-A');
    expect(git('diff', '--cached', '--numstat')).toBe('0\t1\told.txt\n1\t1\tsrc/a.ts\n1\t0\tsrc/deep/new.ts\n');
  });

  it('reads nothing through a symlink: the file reads as missing', async () => {
    const read = readWorktreeFile(root);
    expect(await read('out/secret.txt')).toBeNull();
    expect(await read('../' + 'x')).toBeNull();
    expect(await read('src/a.ts')).toContain('export const a');
  });

  it('refuses to write through a symlinked directory or onto a symlink', async () => {
    await expect(writeFileChanges(root, [{ path: 'out/secret.txt', kind: 'modify', before: 'secret\n', after: 'pwned\n' }])).rejects.toThrow(
      /not a plain directory/,
    );
    await expect(writeFileChanges(root, [{ path: 'out', kind: 'modify', before: '', after: 'pwned\n' }])).rejects.toThrow();
    await expect(writeFileChanges(root, [{ path: '../escape.txt', kind: 'create', before: null, after: 'x' }])).rejects.toThrow(/refusing/);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
  });
});
