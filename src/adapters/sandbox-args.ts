import { dirname, isAbsolute, relative } from 'node:path';

/** Everything one sandboxed run needs; `bwrapArgs` turns it into bubblewrap's argv. All paths absolute. */
export interface SandboxPlan {
  /** The worktree the command may write to. */
  worktree: string;
  /** The worktree's `.git` (file or folder) and the git common dir: bound read-only over everything writable. */
  gitPaths: readonly string[];
  /** Further writable paths (a scratch or coverage folder); each must exist. */
  writable: readonly string[];
  /** Paths under the masked folders that stay visible, read-only (toolchains, the main checkout). */
  readable: readonly string[];
  /**
   * Folders outside the worktree that tools insist on writing (vite's and babel's caches in a
   * linked node_modules): each gets an empty private tmpfs, so nothing written there outlives the run.
   */
  scratch: readonly string[];
  /** Files (not folders) outside the worktree hidden behind an empty `/dev/null` bind: the main checkout's `.env.local`, keys. */
  hidden: readonly string[];
  /** Where an empty tmpfs is mounted; HOME points there. */
  home: string;
  /** The working directory inside the sandbox. */
  cwd: string;
  /** The descriptor bubblewrap writes its JSON status lines to (`child-pid`, then `exit-code`). */
  statusFd: number;
  /** The program and its arguments. */
  argv: readonly [string, ...string[]];
}

/**
 * Folders replaced by empty tmpfs mounts: a private /tmp, and /run, whose Unix sockets (docker,
 * systemd, D-Bus, agents) stay connectable through a read-only bind and would let root escape.
 */
export const MASKED = ['/tmp', '/run'] as const;

const pairs = (flag: string, paths: readonly string[]) => paths.flatMap((path) => [flag, path, path]);

/**
 * bubblewrap's argv for one run. Mount order matters, each mount hides what lies beneath it:
 * the read-only root, then the tmpfs masks (/tmp, /run, home), then read-only re-exposures under
 * home, then the writable worktree and extras (binds create their mount points inside the tmpfs
 * masks, so a worktree under /tmp or home stays visible), then the scratch tmpfs mounts and the
 * hidden files, and last
 * the git paths read-only, so no writable bind can uncover hooks or config.
 */
export function bwrapArgs(plan: SandboxPlan): string[] {
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    // As root bubblewrap keeps every capability unless told: the command could remount / read-write.
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/',
    '/',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    ...MASKED.flatMap((path) => ['--tmpfs', path]),
    '--tmpfs',
    plan.home,
    ...pairs('--ro-bind', plan.readable),
    ...pairs('--bind', [plan.worktree, ...plan.writable]),
    ...plan.scratch.flatMap((path) => ['--tmpfs', path]),
    ...plan.hidden.flatMap((path) => ['--ro-bind', '/dev/null', path]),
    ...pairs('--ro-bind', plan.gitPaths),
    '--chdir',
    plan.cwd,
    '--json-status-fd',
    String(plan.statusFd),
    '--',
    ...plan.argv,
  ];
}

/** Variable names that may hold a credential: never passed into a sandbox, even when asked for. */
export const SECRET_NAME = /KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH/i;

/** Parent variables a command may need to find its tools and decode text. */
const PASSED = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'CI', 'VIRTUAL_ENV'] as const;

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface SandboxEnvAllow {
  /** HOME inside the sandbox: the empty tmpfs. */
  home: string;
  /** More parent variable names to pass through. */
  names?: readonly string[];
  /** Variables the command needs set (NODE_OPTIONS, PYTHONPATH, COVERAGE_FILE, …). */
  extra?: Record<string, string>;
}

/** A cleared environment: PATH, locale, CI and explicit extras; no colour, no credentials. */
export function sandboxEnv(env: Record<string, string | undefined>, allow: SandboxEnvAllow): Record<string, string> {
  const result: Record<string, string> = { PATH: DEFAULT_PATH };
  for (const name of [...PASSED, ...(allow.names ?? [])]) {
    const value = env[name];
    if (value !== undefined) result[name] = value;
  }
  Object.assign(result, { TERM: 'dumb', NO_COLOR: '1', HOME: allow.home, TMPDIR: '/tmp' }, allow.extra);
  delete result.FORCE_COLOR;
  for (const name of Object.keys(result)) if (SECRET_NAME.test(name)) delete result[name];
  return result;
}

/** True when `path` lies strictly inside `dir`. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * What the empty masks (home, /tmp, /run) would hide and a command still needs, read-only: for each
 * PATH folder under a mask its prefix (`~/.nvm/versions/node/v20/bin` → `~/.nvm/versions/node/v20`,
 * for the libraries beside it; `~/bin` stays itself), and the other paths given (node's prefix, the
 * main checkout, a virtualenv) that lie under a mask. Nested paths are dropped in favour of their ancestor.
 */
export function pathsUnderMasks(masks: readonly string[], pathEnv: string, others: readonly string[]): string[] {
  const underMask = (path: string) => masks.some((mask) => isInside(mask, path));
  const fromPath = pathEnv
    .split(':')
    .filter((dir) => isAbsolute(dir) && underMask(dir))
    .map((dir) => (underMask(dirname(dir)) ? dirname(dir) : dir));
  const candidates = [...new Set([...fromPath, ...others.filter(underMask)])];
  return candidates.filter((path) => !candidates.some((other) => isInside(other, path)));
}
