import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProcessRunner, type ProcessRunner } from '../../../src/adapters/process-runner.js';
import { createSandboxedRunner, detectSandbox, SandboxError } from '../../../src/adapters/sandbox.js';

const detection = await detectSandbox('auto', createProcessRunner());
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

let root = '';
let worktree = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'heal-sandbox-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshWorktree(): string {
  worktree = mkdtempSync(join(root, 'wt-'));
  return worktree;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

/** PIDs of live processes whose command line holds `marker`. */
function survivors(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

const sh = (shell: string, extra: { timeoutMs?: number; env?: Record<string, string> } = {}) => ({ command: { shell }, cwd: worktree, ...extra });
const sandboxed = (options: { writable?: string[] } = {}): ProcessRunner => createSandboxedRunner({ worktree, ...options });

describe('detectSandbox', () => {
  it('finds bubblewrap when it can start, and says why not otherwise', async () => {
    const missing: ProcessRunner = { run: async () => ({ outcome: 'not-found', exitCode: null, stdout: '', stderr: '', durationMs: 0 }) };
    expect(await detectSandbox('none', createProcessRunner())).toEqual({ kind: 'none', reason: expect.stringContaining('sandbox: none') });
    expect(await detectSandbox('auto', missing)).toEqual({ kind: 'none', reason: expect.stringContaining('bwrap is not installed') });
    await expect(detectSandbox('bwrap', missing)).rejects.toBeInstanceOf(SandboxError);
    // Where bubblewrap is installed it either starts, or the reason names it (a container without user namespaces).
    if (existsSync('/usr/bin/bwrap')) {
      if (detection.kind === 'bwrap') expect(detection.version).toMatch(/^\d+\.\d+/);
      else expect(detection.reason).toMatch(/bwrap/);
    }
  });
});

describe.skipIf(detection.kind !== 'bwrap')('createSandboxedRunner', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('runs argv and shell commands in the worktree, with their exit codes and separate streams', async () => {
    const cwd = freshWorktree();
    const runner = sandboxed();
    const result = await runner.run({ command: { argv: ['sh', '-c', 'pwd; echo oops >&2; exit 7'] }, cwd });
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 7, stdout: `${cwd}\n`, stderr: 'oops\n' });
    expect(await runner.run(sh('echo "$0"'))).toMatchObject({ outcome: 'exited', exitCode: 0, stdout: '/bin/sh\n' });
    expect(await runner.run({ command: { argv: ['heal-no-such-program'] }, cwd })).toMatchObject({ outcome: 'not-found', exitCode: null });
  });

  it('lets the worktree be written, while writes to /etc, the real home and /tmp fail or stay private', async () => {
    const name = `heal-canary-${randomUUID()}`;
    freshWorktree();
    const result = await sandboxed().run(
      sh(`echo in > ${name} && echo home > "$HOME/${name}" && cat "$HOME/${name}" && echo tmp > /tmp/${name} && echo "$HOME"; echo etc > /etc/${name} || echo etc-refused`),
    );
    expect(result.stdout).toBe(`home\n${homedir()}\netc-refused\n`);
    expect(readFileSync(join(worktree, name), 'utf8')).toBe('in\n');
    for (const outside of [join(homedir(), name), join('/etc', name), join('/tmp', name)]) expect(existsSync(outside)).toBe(false);
  });

  it('keeps a repository’s hooks and config read-only inside its writable worktree', async () => {
    freshWorktree();
    git(worktree, 'init', '--quiet');
    const config = readFileSync(join(worktree, '.git/config'), 'utf8');
    const result = await sandboxed().run(
      sh('echo ok > file; for f in .git/hooks/pre-commit .git/config .git/HEAD; do (echo x >> "$f") 2>/dev/null && echo "wrote $f"; done; rm -rf .git 2>/dev/null; true'),
    );
    expect(result.stdout).toBe('');
    expect(readFileSync(join(worktree, 'file'), 'utf8')).toBe('ok\n');
    expect(existsSync(join(worktree, '.git/hooks/pre-commit'))).toBe(false);
    expect(readFileSync(join(worktree, '.git/config'), 'utf8')).toBe(config);
  });

  it('keeps a linked worktree’s .git file and the common dir read-only, even under a writable extra path', async () => {
    const main = freshWorktree();
    writeFileSync(join(main, 'a.txt'), 'a\n');
    git(main, 'init', '--quiet');
    git(main, 'add', '-A');
    git(main, 'commit', '--quiet', '-m', 'one');
    const linked = join(main, '.heal', 'worktrees', 'fix-1');
    git(main, 'worktree', 'add', '--quiet', '--detach', linked);
    const pointer = readFileSync(join(linked, '.git'), 'utf8');
    const runner = createSandboxedRunner({ worktree: linked, writable: [main] });
    const result = await runner.run({
      command: { shell: `echo ok > b.txt; echo ok > ${main}/scratch.txt; for f in .git ${main}/.git/config ${main}/.git/hooks/pre-commit ${main}/.git/worktrees/fix-1/HEAD; do (echo x >> "$f") 2>/dev/null && echo "wrote $f"; done; true` },
      cwd: linked,
    });
    expect(result.stdout).toBe('');
    expect(readFileSync(join(linked, 'b.txt'), 'utf8')).toBe('ok\n');
    expect(readFileSync(join(main, 'scratch.txt'), 'utf8')).toBe('ok\n');
    expect(readFileSync(join(linked, '.git'), 'utf8')).toBe(pointer);
    expect(existsSync(join(main, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('has no network: a canary on 127.0.0.1 that the plain runner reaches gets no request from the sandbox', async () => {
    let hits = 0;
    server = createServer((_request, response) => {
      hits += 1;
      response.end('canary');
    });
    await new Promise<void>((listening) => server?.listen(0, '127.0.0.1', listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const fetchArgv = ['node', '-e', `fetch(${JSON.stringify(url)}).then(() => console.log('reached'), (e) => { console.log(e.cause?.code ?? e.message); process.exit(3); })`] as const;
    freshWorktree();
    expect((await createProcessRunner().run({ command: { argv: fetchArgv }, cwd: worktree })).stdout).toBe('reached\n');
    expect(hits).toBe(1);
    const runner = sandboxed();
    const viaNode = await runner.run({ command: { argv: fetchArgv }, cwd: worktree });
    const viaPython = await runner.run({ command: { argv: ['python3', '-c', `import urllib.request; urllib.request.urlopen(${JSON.stringify(url)}, timeout=5)`] }, cwd: worktree });
    expect(viaNode).toMatchObject({ outcome: 'exited', exitCode: 3 });
    expect(viaPython).toMatchObject({ outcome: 'exited', exitCode: 1 });
    expect(hits).toBe(1);
  });

  it('passes no credential from the parent environment, but the variables a command needs', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-canary-0123456789';
    try {
      freshWorktree();
      const result = await sandboxed().run({ command: { argv: ['env'] }, cwd: worktree, env: { NODE_OPTIONS: '--no-warnings', GITHUB_TOKEN: 'ghp_canary' } });
      expect(result.stdout).not.toContain('canary');
      expect(result.stdout).toContain('NODE_OPTIONS=--no-warnings\n');
      expect(result.stdout).toContain('NO_COLOR=1\n');
      expect(result.stdout).toContain(`HOME=${homedir()}\n`);
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('kills an endless loop at the timeout and leaves no process behind', async () => {
    const marker = `heal-spin-${randomUUID()}`;
    freshWorktree();
    const result = await sandboxed().run({ command: { argv: ['node', '-e', 'for (;;) {}', marker] }, cwd: worktree, timeoutMs: 1000 });
    expect(result).toMatchObject({ outcome: 'timed-out', exitCode: null });
    expect(survivors(marker)).toEqual([]);
  });

  it('takes a daemonised child down with the sandbox, which the plain runner’s group kill misses', async () => {
    const marker = `heal-daemon-${randomUUID()}`;
    const daemon = `setsid node -e 'setInterval(() => {}, 1000)' ${marker} </dev/null >/dev/null 2>&1 & until pgrep -f ${marker} >/dev/null; do sleep 0.05; done; echo spawned`;
    freshWorktree();
    const plain = await createProcessRunner().run(sh(daemon, { timeoutMs: 30_000 }));
    const escaped = survivors(marker);
    for (const pid of escaped) process.kill(pid, 'SIGKILL');
    expect(plain.stdout).toBe('spawned\n');
    expect(escaped).not.toEqual([]);
    const result = await sandboxed().run(sh(daemon, { timeoutMs: 30_000 }));
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0, stdout: 'spawned\n' });
    expect(survivors(marker)).toEqual([]);
  });

  it('caps a 200 MB output flood and its log with a marker', async () => {
    freshWorktree();
    const logFile = join(root, 'logs', 'flood.log');
    const result = await sandboxed().run({ ...sh('yes | head -c 200000000; echo last-line', { timeoutMs: 120_000 }), logFile });
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0 });
    expect(result.stdout.length).toBeLessThanOrEqual(5 * 1024 * 1024 + 100);
    expect(result.stdout).toMatch(/\n\[… truncated \d+ bytes by heal …\]\n/);
    expect(result.stdout.endsWith('y\nlast-line\n')).toBe(true);
    expect(statSync(logFile).size).toBeLessThanOrEqual(10 * 1024 * 1024 + 100);
    expect(readFileSync(logFile, 'utf8')).toMatch(/truncated \d+ bytes by heal[^]*last-line\n$/);
  });

  it('keeps the head and the tail of long output, in the result and in the log', async () => {
    freshWorktree();
    const logFile = join(root, 'logs', 'short.log');
    const runner = createSandboxedRunner({ worktree, outputBytes: 10, logBytes: 10 });
    const result = await runner.run({ ...sh('printf 0123456789abcdefghij; printf short >&2'), logFile });
    expect(result.stdout).toBe('01234\n[… truncated 10 bytes by heal …]\nfghij');
    expect(result.stderr).toBe('short');
    expect(readFileSync(logFile, 'utf8')).toMatch(/^01234\n\[… truncated 15 bytes by heal …\]\n[a-z]{5}$/);
  });

  it('kills the sandbox when heal is interrupted', async () => {
    const marker = `heal-abort-${randomUUID()}`;
    freshWorktree();
    const controller = new AbortController();
    const runner = createSandboxedRunner({ worktree, signal: controller.signal });
    const attempt = runner.run(sh(`setsid node -e 'setInterval(() => {}, 1000)' ${marker} & until pgrep -f ${marker} >/dev/null; do sleep 0.05; done; touch started; wait`));
    const started = join(worktree, 'started');
    const timer = setInterval(() => existsSync(started) && controller.abort(), 20);
    await expect(attempt).rejects.toThrow(/abort/i);
    clearInterval(timer);
    expect(existsSync(started)).toBe(true);
    expect(survivors(marker)).toEqual([]);
  });

  it('drops every capability, so even root cannot remount the root read-write', async () => {
    freshWorktree();
    const result = await sandboxed().run(sh('grep CapEff /proc/self/status; mount -o remount,rw / 2>/dev/null && echo remounted; touch /usr/heal-x 2>/dev/null && echo wrote; true'));
    expect(result.stdout).toBe('CapEff:\t0000000000000000\n');
  });

  it('reports a sandbox that cannot be set up as a SandboxError, not as the command failing', async () => {
    freshWorktree();
    const missing = join(root, 'does-not-exist');
    const attempt = sandboxed({ writable: [missing] }).run(sh('echo ran'));
    await expect(attempt).rejects.toBeInstanceOf(SandboxError);
    await expect(attempt).rejects.toThrow(/Can't find source path/);
    mkdirSync(missing);
    expect(await sandboxed({ writable: [missing] }).run(sh('echo ran'))).toMatchObject({ outcome: 'exited', exitCode: 0, stdout: 'ran\n' });
  });
});
