import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../../src/patch/match-glob.js';
import { checkRepoPath } from '../../../src/patch/path-rules.js';
import { DEFAULT_PATCH_POLICY, PatchPolicy } from '../../../src/patch/patch-policy.js';
import { changedManifestParts } from '../../../src/patch/manifest-changes.js';
import { findProtection } from '../../../src/patch/protected-paths.js';

describe('checkRepoPath', () => {
  it.each([
    ['src/a.ts', null],
    ['./src/../src/a.ts', null],
    ['/etc/passwd', 'absolute-path'],
    ['C:\\x', 'absolute-path'],
    ['../x', 'outside-repo'],
    ['a/../../x', 'outside-repo'],
    ['a\\..\\..\\x', 'outside-repo'],
    ['.git/hooks/pre-commit', 'git-dir'],
    ['.GIT/hooks/x', 'git-dir'],
    ['sub/.Git/config', 'git-dir'],
    ['a/..', 'unparseable'],
    ['', 'unparseable'],
  ])('%s → %s', (path, rule) => {
    expect(checkRepoPath(path)?.rule ?? null).toBe(rule);
  });
});

describe('protected paths', () => {
  it.each([
    ['.github/workflows/ci.yml', 'ci-config'],
    ['.GITHUB/Workflows/ci.yml', 'ci-config'],
    ['.gitlab-ci.yml', 'ci-config'],
    ['Jenkinsfile', 'ci-config'],
    ['.husky/pre-commit', 'hooks'],
    ['packages/a/package-lock.json', 'lockfile'],
    ['uv.lock', 'lockfile'],
    ['.healrc.yaml', 'heal-config'],
    ['.heal/runs/x.json', 'heal-config'],
    ['.env', 'secrets'],
    ['config/.env.production', 'secrets'],
    ['certs/server.pem', 'secrets'],
    ['id_rsa.pub', 'secrets'],
    ['.npmrc', 'secrets'],
    ['src/env.ts', null],
    ['docs/workflows/ci.yml', null],
  ])('%s → %s', (path, group) => {
    expect(findProtection(path, [])?.group ?? null).toBe(group);
  });

  it('lets allow_protected globs through', () => {
    expect(findProtection('.github/workflows/ci.yml', ['.github/workflows/**'])).toBeNull();
    expect(findProtection('yarn.lock', ['*.lock'])).toBeNull();
    expect(findProtection('.env', ['.github/**'])?.group).toBe('secrets');
  });

  it('compares package.json scripts and dependencies parsed, not as text', () => {
    const before = '{"name":"a","scripts":{"test":"vitest","build":"tsc"},"dependencies":{"x":"1"}}';
    expect(changedManifestParts('package.json', before, '{"dependencies":{"x":"1"},"scripts":{"build":"tsc","test":"vitest"},"name":"b"}')).toEqual([]);
    expect(changedManifestParts('package.json', before, '{"name":"a","scripts":{"test":"true","build":"tsc"},"dependencies":{"x":"1"}}')).toEqual(['package.json#scripts']);
    expect(changedManifestParts('pkg/package.json', before, before.replace('"x":"1"}', '"x":"1","evil":"2"},"overrides":{}'))).toEqual(['pkg/package.json#dependencies', 'pkg/package.json#overrides']);
    expect(changedManifestParts('package.json', before, '{ broken')).toContain('package.json#scripts');
    expect(changedManifestParts('package.json', null, '{"name":"x"}')).toEqual([]);
    expect(changedManifestParts('src/index.js', 'a', 'b')).toEqual([]);
  });

  it('reads the dependency parts of a pyproject.toml, leaving tool settings free to change', () => {
    const before = ['[project]', 'name = "a"', 'dependencies = [', '  "requests>=2",', ']', '', '[tool.ruff]', 'line-length = 88', '', '[build-system]', 'requires = ["setuptools"]', ''].join('\n');
    expect(changedManifestParts('pyproject.toml', before, before.replace('line-length = 88', 'line-length = 100').replace('name = "a"', 'name = "b"'))).toEqual([]);
    expect(changedManifestParts('pyproject.toml', before, before.replace('"requests>=2",', '"requests>=2",\n  "evil",'))).toEqual(['pyproject.toml#project.dependencies']);
    expect(changedManifestParts('pyproject.toml', before, before.replace('["setuptools"]', '["setuptools", "evil"]'))).toEqual(['pyproject.toml#build-system']);
  });

  it('matches globs like .gitignore: no slash means any depth', () => {
    expect(matchesGlob('a/b/c.pem', '*.pem')).toBe(true);
    expect(matchesGlob('x/.github/workflows/a.yml', '.github/workflows/**')).toBe(false);
    expect(matchesGlob('pkg/package.json#scripts', 'package.json#scripts')).toBe(true);
  });
});

describe('PatchPolicy', () => {
  it('has defaults and rejects unknown keys', () => {
    expect(DEFAULT_PATCH_POLICY).toEqual({ max_diff_bytes: 200_000, max_files: 30, max_changed_lines: 2_000, allow_protected: [], allow_test_removal: false });
    expect(PatchPolicy.safeParse({ max_files: 0 }).success).toBe(false);
    expect(PatchPolicy.safeParse({ maxFiles: 3 }).success).toBe(false);
  });
});
