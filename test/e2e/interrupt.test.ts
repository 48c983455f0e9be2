import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixtureRepo } from '../helpers/fixture-repo.js';
import { HEAL_BIN } from '../helpers/run-heal.js';

const repo = createFixtureRepo('js-node-test-hanging-test');
afterAll(() => repo.cleanup());

describe('Ctrl-C during a build', () => {
  it('kills the running step, removes the worktree and exits 130 with one line', async () => {
    const child = spawn(process.execPath, [HEAL_BIN, 'build', '--commit', 'HEAD', '--json'], { cwd: repo.dir });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Wait until the test step has started (its log exists), then interrupt.
    const logs = join(repo.dir, '.heal', 'builds');
    const deadline = Date.now() + 30_000;
    const started = () => existsSync(logs) && readdirSync(logs, { recursive: true }).some((name) => String(name).endsWith('.log'));
    while (Date.now() < deadline && !started()) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe("heal: interrupted: stopped the running step and removed heal's temporary worktree");
    expect(readdirSync(join(repo.dir, '.heal', 'worktrees'))).toEqual([]);
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(processes.split('\n').filter((line) => line.includes(repo.dir))).toEqual([]);
  });
});
