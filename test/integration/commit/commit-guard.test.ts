import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openGit } from '../../../src/adapters/git.js';
import { HealError } from '../../../src/errors.js';
import { commitWithoutSecrets } from '../../../src/pipeline/commit-guard.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function repo(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'heal-commit-guard-'));
  dirs.push(dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'config.js'), 'export const region = "eu-west-1";\n');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init');
  return { dir, git };
}

/** A GitHub token made at run time, so no secret sits in heal's own source. */
function githubToken(): string {
  return `ghp_${randomBytes(27).toString('base64url').replaceAll(/[-_]/g, 'a').slice(0, 36)}`;
}

describe('commitWithoutSecrets: the door every heal commit goes through', () => {
  it('refuses a change that adds a secret, even with an allow marker, and commits nothing', async () => {
    const { dir, git } = repo();
    const token = githubToken();
    writeFileSync(join(dir, 'config.js'), `export const region = "eu-west-1";\nexport const token = "${token}"; // gitleaks:allow\n`);
    const error = await commitWithoutSecrets(await openGit(dir), ['config.js'], 'add token', 'model').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HealError);
    expect((error as HealError).code).toBe('E_SECRET');
    const message = (error as HealError).message;
    expect(message).toMatch(/^refusing to commit: 1 secret\(s\) in the change: github-token at config\.js:2 \(ghp_…\[redacted\]\)/);
    expect(message).not.toContain(token.slice(4, 12));
    expect(message.split('\n')).toHaveLength(1);
    expect(git('log', '--format=%s').trim()).toBe('init');
  });

  it('refuses a new .env and a new .gitleaksignore whatever they hold', async () => {
    const { dir } = repo();
    writeFileSync(join(dir, '.env'), 'DEBUG=1\n');
    writeFileSync(join(dir, '.gitleaksignore'), 'config.js:generic-api-key:2\n');
    const error = (await commitWithoutSecrets(await openGit(dir), ['.env', '.gitleaksignore'], 'x', 'model').catch((caught: unknown) => caught)) as HealError;
    expect(error.code).toBe('E_SECRET');
    expect(error.message).toContain('secret-file at .env');
    expect(error.message).toContain('allowlist-tampering at .gitleaksignore');
  });

  it('commits a change without secrets, marking the engine that wrote it', async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'config.js'), 'export const region = "eu-central-1";\n');
    const sha = await commitWithoutSecrets(await openGit(dir), ['config.js'], 'move region', 'builtin');
    expect(git('rev-parse', 'HEAD').trim()).toBe(sha);
    expect(git('log', '-1', '--format=%B').trim()).toBe('move region\n\nHeal-Engine: builtin');
  });
});
