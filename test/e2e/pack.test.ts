import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixture-deps.js';
import { createFixtureRepo } from '../helpers/fixture-repo.js';

const temp = mkdtempSync(join(tmpdir(), 'heal-pack-'));
const repo = createFixtureRepo('js-node-test-zero-deps');
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
  repo.cleanup();
});

describe('the packed tarball', () => {
  it('installs into an empty project and `npx heal` runs from it', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', temp], { cwd: REPO_ROOT, encoding: 'utf8' }));
    const files: string[] = packed[0].files.map((entry: { path: string }) => entry.path);
    expect(files).toEqual(expect.arrayContaining(['bin/heal', 'dist/heal.js', 'schemas/build_report.schema.json', 'README.md']));
    expect(files.some((path) => path.startsWith('src/') || path.startsWith('test/'))).toBe(false);
    const project = join(temp, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(temp, packed[0].filename)], { cwd: project, stdio: 'ignore' });
    const version = spawnSync('npx', ['--no-install', 'heal', '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: REPO_ROOT, encoding: 'utf8' })));
    const build = spawnSync(join(project, 'node_modules', '.bin', 'heal'), ['build', '--cwd', repo.dir, '--json'], { encoding: 'utf8' });
    expect(build.status).toBe(0);
    expect(JSON.parse(build.stdout).status).toBe('PASSED');
  });
});
