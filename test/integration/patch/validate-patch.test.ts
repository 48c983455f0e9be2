import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/patch/apply-edits.js';
import { parseEdits } from '../../../src/patch/parse-edits.js';
import { PatchPolicy } from '../../../src/patch/patch-policy.js';
import { readWorktreeFile } from '../../../src/patch/read-worktree-file.js';
import { renderUnifiedDiff } from '../../../src/patch/render-diff.js';
import type { FileChange } from '../../../src/patch/types.js';
import { validatePatch, type PatchValidation } from '../../../src/patch/validate-patch.js';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
let root = '';
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: GIT_ENV, encoding: 'utf8' });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'heal-patch-validate-'));
  const files: Record<string, string> = {
    'src/a.ts': 'export const a = 1;\n',
    'package.json': '{\n  "name": "x",\n  "version": "1.0.0",\n  "scripts": {\n    "test": "vitest run"\n  }\n}\n',
    'real/inside.txt': 'inside\n',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  symlinkSync('real', join(root, 'lnk'));
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('update-index', '--add', '--cacheinfo', `160000,${'a'.repeat(40)},vendor/sub`);
  git('commit', '--quiet', '--no-verify', '-m', 'base');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the whole pipeline on a model diff: parse, apply against the worktree, render, validate. */
async function validateModelDiff(text: string, policy: Partial<PatchPolicy> = {}): Promise<PatchValidation> {
  const parsed = parseEdits(text, 'diff');
  const applied = await applyEdits(parsed, readWorktreeFile(root));
  const files = applied.ok ? applied.files : [];
  const diff = applied.ok ? renderUnifiedDiff(files) : text;
  return validatePatch({ root, diff, files, edits: parsed.edits, policy: PatchPolicy.parse(policy) });
}

async function validateChanges(files: FileChange[], policy: Partial<PatchPolicy> = {}): Promise<PatchValidation> {
  return validatePatch({ root, diff: renderUnifiedDiff(files), files, policy: PatchPolicy.parse(policy) });
}

const rules = (validation: PatchValidation) => (validation.ok ? [] : validation.rejections.map(({ path, rule }) => [path, rule]));
const create = (path: string, after = 'x\n'): FileChange => ({ path, kind: 'create', before: null, after });

describe('validatePatch with real git', () => {
  it('accepts an ordinary change and lists git’s paths', async () => {
    const text = ['--- a/src/a.ts', '+++ b/src/a.ts', '@@ -1 +1,2 @@', ' export const a = 1;', '+export const b = 2;', ''].join('\n');
    expect(await validateModelDiff(text)).toEqual({ ok: true, paths: ['src/a.ts'] });
  });

  it('refuses ../ escapes and absolute paths as the model wrote them', async () => {
    const escape = ['--- /dev/null', '+++ b/../outside.txt', '@@ -0,0 +1 @@', '+x', ''].join('\n');
    expect(rules(await validateModelDiff(escape))).toContainEqual(['../outside.txt', 'outside-repo']);
    const absolute = ['--- /etc/passwd', '+++ /etc/passwd', '@@ -1 +1 @@', '-root', '+evil', ''].join('\n');
    expect(rules(await validateModelDiff(absolute))).toContainEqual(['/etc/passwd', 'absolute-path']);
  });

  it('refuses anything under .git, in any case', async () => {
    const text = ['diff --git a/.GIT/hooks/pre-commit b/.GIT/hooks/pre-commit', 'new file mode 100755', '--- /dev/null', '+++ b/.GIT/hooks/pre-commit', '@@ -0,0 +1 @@', '+curl evil', ''].join('\n');
    expect(rules(await validateModelDiff(text))).toContainEqual(['.GIT/hooks/pre-commit', 'git-dir']);
    expect(rules(await validateChanges([create('.git/hooks/x')]))).toContainEqual(['.git/hooks/x', 'git-dir']);
  });

  it('refuses creating a symlink (mode 120000), both as written and as git reads it', async () => {
    const text = ['diff --git a/link b/link', 'new file mode 120000', '--- /dev/null', '+++ b/link', '@@ -0,0 +1 @@', '+/etc/passwd', '\\ No newline at end of file', ''].join('\n');
    const validation = await validatePatch({ root, diff: text, files: [], edits: parseEdits(text, 'diff').edits });
    expect(rules(validation)).toEqual([['link', 'symlink']]);
  });

  it('refuses writing through a symlinked directory, and changing a symlink itself', async () => {
    expect(rules(await validateChanges([create('lnk/evil.txt')]))).toContainEqual(['lnk/evil.txt', 'through-symlink']);
    const link: FileChange = { path: 'lnk', kind: 'modify', before: 'real', after: '/etc' };
    expect(rules(await validateChanges([link]))).toContainEqual(['lnk', 'symlink']);
  });

  it('refuses changes inside a submodule', async () => {
    expect(rules(await validateChanges([create('vendor/sub/x.c')]))).toContainEqual(['vendor/sub/x.c', 'submodule']);
  });

  it('refuses binary patches', async () => {
    const text = ['diff --git a/img.bin b/img.bin', 'new file mode 100644', 'index 0000000..e69de29', 'GIT binary patch', 'literal 3', 'KcmZQzWMT>a00aO5', '', 'literal 0', 'HcmV?d00001', '', ''].join('\n');
    const validation = await validatePatch({ root, diff: text, files: [], edits: parseEdits(text, 'diff').edits });
    expect(rules(validation)).toContainEqual(['img.bin', 'binary']);
    expect(rules(await validateChanges([create('data.bin', 'a\0b')]))).toContainEqual(['data.bin', 'binary']);
  });

  it('enforces the size caps', async () => {
    const big = create('big.txt', 'line\n'.repeat(50));
    expect(rules(await validateChanges([big], { max_diff_bytes: 100 }))).toContainEqual([null, 'too-large']);
    expect(rules(await validateChanges([big], { max_changed_lines: 10 }))).toEqual([[null, 'too-many-lines']]);
    expect(rules(await validateChanges([create('x1'), create('x2'), create('x3')], { max_files: 2 }))).toEqual([[null, 'too-many-files']]);
  });

  it('refuses protected paths unless the policy allows them', async () => {
    const workflow = create('.github/workflows/ci.yml', 'on: push\n');
    expect(rules(await validateChanges([workflow]))).toEqual([['.github/workflows/ci.yml', 'protected']]);
    expect(await validateChanges([workflow], { allow_protected: ['.github/workflows/**'] })).toMatchObject({ ok: true });
    // A new .env is protected, and a secret-bearing file whatever it holds.
    expect(rules(await validateChanges([create('.env', 'TOKEN=1\n')]))).toEqual([['.env', 'protected'], ['.env', 'secret']]);
  });

  it('refuses a package.json change to scripts, but not to other fields', async () => {
    const scripts = ['--- a/package.json', '+++ b/package.json', '@@ -5 +5 @@', '-    "test": "vitest run"', '+    "test": "true"', ''].join('\n');
    const validation = await validateModelDiff(scripts);
    expect(rules(validation)).toEqual([['package.json', 'protected']]);
    expect(validation.ok ? '' : validation.rejections[0]?.message).toContain('package.json#scripts');
    expect(await validateModelDiff(scripts, { allow_protected: ['package.json#scripts'] })).toMatchObject({ ok: true });
    const version = ['--- a/package.json', '+++ b/package.json', '@@ -3 +3 @@', '-  "version": "1.0.0",', '+  "version": "1.0.1",', ''].join('\n');
    expect(await validateModelDiff(version)).toMatchObject({ ok: true });
  });

  it('reports a diff git cannot read as unparseable', async () => {
    const validation = await validatePatch({ root, diff: 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n-a\n', files: [] });
    expect(rules(validation)).toEqual([[null, 'unparseable']]);
  });
});
