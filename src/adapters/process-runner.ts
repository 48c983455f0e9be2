import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';

/** What to run: an argv vector (no shell), or a user-written command line run through the shell. */
export type Command = { argv: readonly [string, ...string[]] } | { shell: string };

export interface RunRequest {
  command: Command;
  cwd: string;
  /** Added to the child's environment (after heal's defaults). */
  env?: Record<string, string>;
  /** Kill the whole process tree after this many milliseconds. */
  timeoutMs?: number;
  /** Combined stdout and stderr are written here as they arrive. */
  logFile?: string;
  /**
   * A dependency install: it needs the registry, so a containing runner runs it outside the
   * sandbox, with lifecycle scripts off (see src/adapters/contained-runner.ts).
   */
  install?: boolean;
  /** Folders outside the worktree the command writes (heal's scratch folders): a sandbox binds them writable. */
  writable?: readonly string[];
}

/** exited: ran to completion; timed-out: killed at the deadline; not-found: the program does not exist. */
export type RunOutcome = 'exited' | 'timed-out' | 'not-found';

export interface RunResult {
  outcome: RunOutcome;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** The narrow seam every child process goes through (a sandbox wraps this; tests may fake it). */
export interface ProcessRunner {
  run(request: RunRequest): Promise<RunResult>;
}

/** Keeps tool output machine-readable: no colour, whatever the user's shell exports. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { ...process.env, FORCE_COLOR: undefined, NO_COLOR: '1', ...extra };
}

/** Renders a command for logs and reports, quoting arguments that need it. */
export function formatCommand(command: Command): string {
  if ('shell' in command) return command.shell;
  return command.argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * Waits for a child started in its own process group, killing the whole group at the timeout, when
 * `signal` aborts, and once the child has exited (a finished tool may leave orphans, watchers or
 * workers, holding the group alive).
 */
export async function superviseChild<T>(child: Promise<T> & { pid?: number }, options: { timeoutMs?: number; signal?: AbortSignal }): Promise<{ result: T; timedOut: boolean }> {
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killTree(child.pid);
        }, options.timeoutMs);
  const onAbort = () => killTree(child.pid);
  options.signal?.addEventListener('abort', onAbort);
  try {
    const result = await child;
    return { result, timedOut };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (timer) clearTimeout(timer);
    killTree(child.pid);
  }
}

/**
 * The real runner: execa in its own process group, so a timeout kills every grandchild too.
 * Aborting `signal` (heal's SIGINT handler does) kills whatever is running.
 */
export function createProcessRunner(signal?: AbortSignal): ProcessRunner {
  return {
    async run(request) {
      signal?.throwIfAborted();
      const started = performance.now();
      if (request.logFile) await mkdir(dirname(request.logFile), { recursive: true });
      const log = request.logFile ? createWriteStream(request.logFile) : undefined;
      const options = {
        cwd: request.cwd,
        env: childEnv(request.env),
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
        detached: true,
        maxBuffer: 64 * 1024 * 1024,
        stripFinalNewline: false,
      } as const;
      const child =
        'shell' in request.command
          ? execa(request.command.shell, { ...options, shell: true })
          : execa(request.command.argv[0], request.command.argv.slice(1), options);
      child.stdout?.on('data', (chunk: Buffer) => log?.write(chunk));
      child.stderr?.on('data', (chunk: Buffer) => log?.write(chunk));
      const { result, timedOut } = await superviseChild(child, { timeoutMs: request.timeoutMs, signal });
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
      signal?.throwIfAborted();
      const notFound = 'code' in result && result.code === 'ENOENT';
      return {
        outcome: timedOut ? 'timed-out' : notFound ? 'not-found' : 'exited',
        exitCode: timedOut || notFound ? null : (result.exitCode ?? null),
        stdout: String(result.stdout ?? ''),
        stderr: String(result.stderr ?? ''),
        durationMs: Math.round(performance.now() - started),
      };
    },
  };
}
