import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainedRunner } from '../../../src/adapters/contained-runner.js';
import { createProcessRunner, type ProcessRunner, type RunRequest } from '../../../src/adapters/process-runner.js';
import { detectSandbox } from '../../../src/adapters/sandbox.js';

const detection = await detectSandbox('auto', createProcessRunner());
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

let main = '';
let worktree = '';
let deps = '';
beforeAll(() => {
  main = mkdtempSync(join(tmpdir(), 'heal-contained-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: main, env: GIT_ENV, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch=main');
  writeFileSync(join(main, 'index.js'), 'export const a = 1;\n');
  writeFileSync(join(main, '.gitignore'), '.env.local\nnode_modules\n.heal/\n');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'init');
  writeFileSync(join(main, '.env.local'), 'TOKEN=canary-from-the-main-checkout\n');
  deps = mkdtempSync(join(tmpdir(), 'heal-contained-deps-'));
  mkdirSync(join(deps, 'node_modules', 'left-pad'), { recursive: true });
  symlinkSync(join(deps, 'node_modules'), join(main, 'node_modules'), 'dir');
  worktree = join(main, '.heal', 'worktrees', 'stage-1');
  git('worktree', 'add', '--quiet', '--detach', worktree, 'HEAD');
  symlinkSync(join(main, 'node_modules'), join(worktree, 'node_modules'), 'dir');
});
afterAll(() => {
  rmSync(main, { recursive: true, force: true });
  rmSync(deps, { recursive: true, force: true });
});

/** A plain runner that records what reaches it, answering every request with exit 0. */
function recording(): { runner: ProcessRunner; seen: RunRequest[] } {
  const seen: RunRequest[] = [];
  return { seen, runner: { run: async (request) => (seen.push(request), { outcome: 'exited', exitCode: 0, stdout: '', stderr: '', durationMs: 0 }) } };
}

describe('createContainedRunner: which commands run where', () => {
  it('runs installs outside the sandbox with lifecycle scripts off', async () => {
    const { runner, seen } = recording();
    await createContainedRunner(runner).run({ command: { argv: ['npm', 'ci'] }, cwd: worktree, install: true, env: { CI: '1' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.env).toEqual({ CI: '1', npm_config_ignore_scripts: 'true', YARN_ENABLE_SCRIPTS: 'false' });
  });

  it("runs heal's own probes outside any repository unsandboxed", async () => {
    const { runner, seen } = recording();
    await createContainedRunner(runner).run({ command: { argv: ['python3', '--version'] }, cwd: '/' });
    expect(seen).toHaveLength(1);
  });
});

describe.skipIf(detection.kind !== 'bwrap')('createContainedRunner: inside the sandbox', () => {
  const contained = () => createContainedRunner(createProcessRunner());

  it('lets a worktree command write its worktree and the scratch folder it names, and nothing of the main checkout', async () => {
    const scratch = join(main, '.heal', 'runs', 'fix-1', 'runs');
    const run = await contained().run({
      command: { shell: `echo ok > made.txt; echo out > ${scratch}/out.json; for f in ${main}/index.js ${main}/new.txt; do (echo x >> "$f") 2>/dev/null && echo "wrote $f"; done; cat ${main}/.env.local; true` },
      cwd: worktree,
      writable: [scratch],
    });
    expect(run.outcome).toBe('exited');
    expect(run.stdout).toBe('');
    expect(readFileSync(join(worktree, 'made.txt'), 'utf8')).toBe('ok\n');
    expect(readFileSync(join(scratch, 'out.json'), 'utf8')).toBe('out\n');
    expect(readFileSync(join(main, 'index.js'), 'utf8')).toBe('export const a = 1;\n');
    expect(existsSync(join(main, 'new.txt'))).toBe(false);
  });

  it("gives a command in heal's scratch folder that folder alone", async () => {
    const scratch = join(main, '.heal', 'runs', 'characterize-1');
    mkdirSync(scratch, { recursive: true });
    const run = await contained().run({ command: { shell: `echo r > result.json; cat ${main}/index.js ${main}/.env.local; (echo x >> ${main}/index.js) 2>/dev/null && echo escaped; true` }, cwd: scratch });
    expect(run.stdout).toBe('export const a = 1;\n');
    expect(readFileSync(join(scratch, 'result.json'), 'utf8')).toBe('r\n');
    expect(readFileSync(join(main, 'index.js'), 'utf8')).toBe('export const a = 1;\n');
  });

  it("gives tools a private cache in the main checkout's linked node_modules, and lets nothing else there be written", async () => {
    const run = await contained().run({
      command: { shell: 'echo cached > node_modules/.vite-temp/config.mjs && cat node_modules/.vite-temp/config.mjs; (echo x > node_modules/left-pad/index.js) 2>/dev/null && echo escaped; true' },
      cwd: worktree,
    });
    expect(run.stdout).toBe('cached\n');
    expect(existsSync(join(deps, 'node_modules', '.vite-temp', 'config.mjs'))).toBe(false);
    expect(existsSync(join(deps, 'node_modules', 'left-pad', 'index.js'))).toBe(false);
  });
});
