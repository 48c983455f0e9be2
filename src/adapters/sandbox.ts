import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { mkdir, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { SandboxMode } from '../config/schema.js';
import { isSecretPath } from '../context/secret-rules.js';
import { HealError } from '../errors.js';
import { superviseChild, type ProcessRunner, type RunRequest, type RunResult } from './process-runner.js';
import { bwrapArgs, isInside, MASKED, pathsUnderMasks, sandboxEnv, type SandboxPlan } from './sandbox-args.js';

/**
 * The sandbox itself could not be set up (bubblewrap missing, a bind source missing, namespaces
 * refused): the command never ran.
 */
export class SandboxError extends HealError {
  constructor(message: string) {
    super('E_SANDBOX', message);
  }
}

/** Whether commands run inside bubblewrap, and why not when they do not. */
export type SandboxDetection = { kind: 'bwrap'; version: string } | { kind: 'none'; reason: string };

/** The descriptor bubblewrap writes its JSON status to; 0–2 are the command's stdio. */
const STATUS_FD = 3;
const MB = 1024 * 1024;

/** HOME inside the sandbox: the real home's path (so its secrets are masked), else a folder in the private /tmp. */
function sandboxHome(): string {
  const home = homedir();
  return home !== '/' && existsSync(home) && statSync(home).isDirectory() ? home : '/tmp/home';
}

const probes = new WeakMap<ProcessRunner, Promise<SandboxDetection>>();

async function probeBwrap(runner: ProcessRunner): Promise<SandboxDetection> {
  const version = await runner.run({ command: { argv: ['bwrap', '--version'] }, cwd: '/', timeoutMs: 10_000 });
  if (version.outcome !== 'exited') return { kind: 'none', reason: 'bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)' };
  const plan: SandboxPlan = { worktree: tmpdir(), gitPaths: [], writable: [], readable: [], scratch: [], hidden: [], home: sandboxHome(), cwd: '/', statusFd: STATUS_FD, argv: ['true'] };
  // The runner cannot pass an extra descriptor, so a shell opens the status fd bubblewrap is told to use.
  const probe = await runner.run({ command: { argv: ['sh', '-c', 'exec "$@" 3>/dev/null', 'sh', 'bwrap', ...bwrapArgs(plan)] }, cwd: '/', timeoutMs: 10_000 });
  if (probe.outcome === 'exited' && probe.exitCode === 0) return { kind: 'bwrap', version: version.stdout.trim().replace(/^bubblewrap\s+/, '') };
  const why = probe.stderr.trim().split('\n')[0] || `exit code ${probe.exitCode ?? probe.outcome}`;
  return { kind: 'none', reason: `bwrap cannot start here: ${why}` };
}

/**
 * Decides whether commands are sandboxed, probing once per runner (heal makes one per process) that
 * bubblewrap starts with the flags heal uses. `bwrap` mode throws when it cannot.
 */
export async function detectSandbox(mode: SandboxMode, runner: ProcessRunner): Promise<SandboxDetection> {
  if (mode === 'none') return { kind: 'none', reason: 'the sandbox is turned off (sandbox: none)' };
  let probe = probes.get(runner);
  if (!probe) probes.set(runner, (probe = probeBwrap(runner)));
  const detection = await probe;
  if (mode === 'bwrap' && detection.kind === 'none') throw new SandboxError(`sandbox: bwrap was asked for, but ${detection.reason}`);
  return detection;
}

/** The worktree's `.git` and the git dirs it points to (a linked worktree's admin dir and the common dir). */
export async function readGitPaths(worktree: string): Promise<string[]> {
  const dotGit = join(worktree, '.git');
  const info = await stat(dotGit).catch(() => null);
  if (!info) return [];
  if (info.isDirectory()) return [dotGit];
  const pointer = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, 'utf8'))?.[1]?.trim();
  if (!pointer) return [dotGit];
  const gitDir = resolve(worktree, pointer);
  const common = (await readFile(join(gitDir, 'commondir'), 'utf8').catch(() => '')).trim();
  const commonDir = common ? resolve(gitDir, common) : gitDir;
  const paths = [dotGit, ...(isInside(commonDir, gitDir) || gitDir === commonDir ? [] : [gitDir]), commonDir];
  return paths.filter((path) => existsSync(path));
}

/** Keeps the first and the last `limit / 2` bytes of a stream and counts the bytes dropped between. */
function createHeadTail(limit: number) {
  const half = Math.floor(limit / 2);
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  let headBytes = 0;
  let tailBytes = 0;
  let dropped = 0;
  /** What follows the head: the truncation marker, when bytes were dropped, and the tail. */
  const rest = () => Buffer.concat([...(dropped > 0 ? [Buffer.from(`\n[… truncated ${dropped} bytes by heal …]\n`)] : []), ...tail]);
  return {
    /** Stores a chunk; returns the part that went to the head (a log writes it at once). */
    push(chunk: Buffer): Buffer {
      const kept = chunk.subarray(0, Math.max(0, half - headBytes));
      if (kept.length > 0) head.push(kept);
      headBytes += kept.length;
      if (kept.length < chunk.length) {
        tail.push(chunk.subarray(kept.length));
        tailBytes += chunk.length - kept.length;
      }
      for (let first = tail[0]; first && tailBytes > half; first = tail[0]) {
        const cut = Math.min(first.length, tailBytes - half);
        if (cut === first.length) tail.shift();
        else tail[0] = first.subarray(cut);
        tailBytes -= cut;
        dropped += cut;
      }
      return kept;
    },
    rest,
    text: () => Buffer.concat([...head, rest()]).toString('utf8'),
  };
}

/** Waits (bounded) until the sandbox's init is gone or a zombie: the kernel has then killed everything inside. */
async function waitForSandboxExit(initPid: number | null): Promise<void> {
  if (initPid === null) return;
  for (let tries = 0; tries < 1000; tries += 1) {
    const stat = await readFile(`/proc/${initPid}/stat`, 'utf8').catch(() => null);
    if (stat === null || /^\d+ \(.*\) Z/s.test(stat)) return;
    await sleep(5);
  }
}

export interface SandboxConfig {
  /** Absolute worktree the commands may write to. */
  worktree: string;
  /** More writable paths (a scratch or coverage folder outside the worktree); each must exist. */
  writable?: readonly string[];
  /** More read-only paths to keep visible when they lie under a masked folder (home, /tmp, /run). */
  readable?: readonly string[];
  /** More parent variable names to pass (beyond PATH, LANG, LC_ALL, LC_CTYPE, TZ, CI, VIRTUAL_ENV). */
  passEnv?: readonly string[];
  /** Bytes kept of stdout and of stderr, each (default 5 MB). */
  outputBytes?: number;
  /** Bytes kept in a request's log file (default 10 MB). */
  logBytes?: number;
  /** Aborting kills whatever runs (heal's SIGINT handler). */
  signal?: AbortSignal;
}

/**
 * Secret-bearing files at the top of the main checkout (`.env.local`, `id_rsa`, `.npmrc`): the code
 * under test runs in a worktree beside them and has no business reading them.
 */
async function secretFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && isSecretPath(entry.name)).map((entry) => join(dir, entry.name));
}

async function planFor(config: SandboxConfig, home: string) {
  const gitPaths = await readGitPaths(config.worktree);
  const common = gitPaths.at(-1);
  const mainCheckout = common && basename(common) === '.git' ? [dirname(common)] : [];
  const nodePrefix = dirname(dirname(process.execPath));
  const virtualenv = process.env.VIRTUAL_ENV ? [process.env.VIRTUAL_ENV] : [];
  const others = [nodePrefix, ...mainCheckout, ...virtualenv, ...(config.readable ?? [])];
  const readable = pathsUnderMasks([home, ...MASKED], process.env.PATH ?? '', others).filter((path) => existsSync(path));
  const hidden = (await Promise.all([...mainCheckout, ...(config.readable ?? [])].map(secretFilesIn))).flat();
  return { worktree: config.worktree, gitPaths, writable: config.writable ?? [], readable, hidden, home, statusFd: STATUS_FD };
}

/** Cache folders tools write inside node_modules (vite's config bundle and optimiser, babel's and others' `.cache`). */
const NODE_MODULES_CACHES = ['.vite', '.vite-temp', '.cache'];

/**
 * The node_modules caches of the worktree and of the command's folder that lie outside the worktree
 * (heal links the main checkout's node_modules into its worktrees): each is created if missing, so
 * a private tmpfs can be mounted on it.
 */
async function scratchFor(worktree: string, cwd: string): Promise<string[]> {
  const root = await realpath(worktree);
  const folders = await Promise.all([...new Set([worktree, cwd])].map((dir) => realpath(join(dir, 'node_modules')).catch(() => null)));
  const scratch: string[] = [];
  for (const folder of new Set(folders)) {
    if (folder === null || folder === root || isInside(root, folder)) continue;
    for (const name of NODE_MODULES_CACHES) {
      const cache = join(folder, name);
      if (await mkdir(cache, { recursive: true }).then(() => true, () => false)) scratch.push(cache);
    }
  }
  return scratch;
}

/** A number from bubblewrap's JSON status lines; `exit-code` is written only when the command ran. */
function statusField(status: string, key: 'child-pid' | 'exit-code'): number | null {
  const value = new RegExp(`"${key}":\\s*(\\d+)`).exec(status)?.[1];
  return value === undefined ? null : Number(value);
}

function argvOf(request: RunRequest): [string, ...string[]] {
  return 'shell' in request.command ? ['/bin/sh', '-c', request.command.shell] : [...request.command.argv];
}

type HeadTail = ReturnType<typeof createHeadTail>;

/** The sandbox's capped output, its log's head as it arrives, and bubblewrap's status lines. */
function captureOutput(child: ReturnType<typeof spawnBwrap>, log: WriteStream | undefined, config: SandboxConfig) {
  const stdout = createHeadTail(config.outputBytes ?? 5 * MB);
  const stderr = createHeadTail(config.outputBytes ?? 5 * MB);
  const logged = createHeadTail(config.logBytes ?? 10 * MB);
  let status = '';
  const onOutput = (capped: HeadTail) => (chunk: Buffer) => {
    capped.push(chunk);
    const head = logged.push(chunk);
    if (head.length > 0) log?.write(head);
  };
  child.stdout.on('data', onOutput(stdout));
  child.stderr.on('data', onOutput(stderr));
  child.stdio[STATUS_FD].on('data', (chunk: Buffer) => (status += chunk.toString('utf8')));
  return { stdout, stderr, logged, status: () => status };
}

function spawnBwrap(plan: SandboxPlan, env: Record<string, string>) {
  return execa('bwrap', bwrapArgs(plan), {
    cwd: '/',
    env,
    extendEnv: false,
    reject: false,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    encoding: 'buffer',
    // Its own process group, so a timeout kills bubblewrap's monitor; the sandbox follows it.
    detached: true,
  });
}

/** The command's result, or a `SandboxError` when bubblewrap never started it (no `exit-code` status). */
function judgeRun(run: { timedOut: boolean; status: string; spawnCode: string | undefined; exitCode: number | undefined }, output: Omit<RunResult, 'outcome' | 'exitCode'>): RunResult {
  const exitCode = statusField(run.status, 'exit-code');
  if (run.timedOut) return { outcome: 'timed-out', exitCode: null, ...output };
  if (exitCode !== null) return { outcome: 'exited', exitCode, ...output };
  if (run.spawnCode === 'ENOENT') throw new SandboxError('sandbox: bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)');
  if (/^bwrap: execvp .*: No such file or directory$/m.test(output.stderr)) return { outcome: 'not-found', exitCode: null, ...output };
  throw new SandboxError(`sandbox: could not set up bubblewrap: ${output.stderr.trim() || `exit code ${run.exitCode ?? 'none'}`}`);
}

/**
 * A runner that runs each request inside bubblewrap: network off, the filesystem read-only but
 * for the worktree (its git paths excepted) and private /tmp and home, no capabilities, a cleared
 * environment, output capped. A timeout or abort kills bubblewrap's process group; its
 * `--die-with-parent` then takes the sandbox's PID namespace, daemons included, down with it.
 * Throws `SandboxError` when the sandbox itself could not be set up.
 */
export function createSandboxedRunner(config: SandboxConfig): ProcessRunner {
  if (!isAbsolute(config.worktree)) throw new Error(`sandbox: the worktree must be an absolute path, got "${config.worktree}"`);
  const home = sandboxHome();
  let base: ReturnType<typeof planFor> | undefined;
  const { signal } = config;
  return {
    async run(request) {
      signal?.throwIfAborted();
      const started = performance.now();
      const scratch = await scratchFor(config.worktree, request.cwd);
      const writable = request.writable ?? [];
      await Promise.all(writable.map((path) => mkdir(path, { recursive: true })));
      const planned = await (base ??= planFor(config, home));
      const plan: SandboxPlan = { ...planned, writable: [...planned.writable, ...writable], scratch, cwd: request.cwd, argv: argvOf(request) };
      if (request.logFile) await mkdir(dirname(request.logFile), { recursive: true });
      const log = request.logFile ? createWriteStream(request.logFile) : undefined;
      const child = spawnBwrap(plan, sandboxEnv(process.env, { home, names: config.passEnv, extra: request.env }));
      const captured = captureOutput(child, log, config);
      const { result, timedOut } = await superviseChild(child, { timeoutMs: request.timeoutMs, signal });
      await waitForSandboxExit(statusField(captured.status(), 'child-pid'));
      await new Promise<void>((done) => (log ? log.end(captured.logged.rest(), done) : done()));
      signal?.throwIfAborted();
      const spawnCode = 'code' in result && typeof result.code === 'string' ? result.code : undefined;
      return judgeRun(
        { timedOut, status: captured.status(), spawnCode, exitCode: result.exitCode },
        { stdout: captured.stdout.text(), stderr: captured.stderr.text(), durationMs: Math.round(performance.now() - started) },
      );
    },
  };
}
