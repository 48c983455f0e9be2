import { describe, expect, it } from 'vitest';
import { bwrapArgs, pathsUnderMasks, sandboxEnv, type SandboxPlan } from '../../../src/adapters/sandbox-args.js';

const plan: SandboxPlan = {
  worktree: '/home/ada/repo/.heal/worktrees/fix-1',
  gitPaths: ['/home/ada/repo/.heal/worktrees/fix-1/.git', '/home/ada/repo/.git'],
  writable: ['/home/ada/repo/.heal/scratch'],
  readable: ['/home/ada/.nvm/versions/node/v20', '/home/ada/repo'],
  scratch: ['/home/ada/repo/node_modules/.vite'],
  hidden: ['/home/ada/repo/.env.local'],
  home: '/home/ada',
  cwd: '/home/ada/repo/.heal/worktrees/fix-1/pkg',
  statusFd: 3,
  argv: ['npm', 'test', '--', '--reporter=json'],
};

/** The position of a `flag path` pair in the argv, or -1. */
function mountAt(args: readonly string[], flag: string, path: string): number {
  return args.findIndex((arg, index) => arg === flag && args[index + 1] === path);
}

describe('bwrapArgs', () => {
  const args = bwrapArgs(plan);

  it('always isolates: every namespace, no capabilities, dies with heal, a new session', () => {
    const options = args.slice(0, args.indexOf('--'));
    expect(options).toEqual(expect.arrayContaining(['--unshare-all', '--die-with-parent', '--new-session']));
    expect(options[options.indexOf('--cap-drop') + 1]).toBe('ALL');
    expect(options).not.toContain('--share-net');
  });

  it('mounts the root read-only first, then tmpfs masks, then re-exposures, then writable binds, then scratch tmpfs, then hidden files, then the git paths read-only last', () => {
    const order = [
      mountAt(args, '--ro-bind', '/'),
      mountAt(args, '--proc', '/proc'),
      mountAt(args, '--dev', '/dev'),
      mountAt(args, '--tmpfs', '/tmp'),
      mountAt(args, '--tmpfs', '/run'),
      mountAt(args, '--tmpfs', '/home/ada'),
      mountAt(args, '--ro-bind', '/home/ada/.nvm/versions/node/v20'),
      mountAt(args, '--ro-bind', '/home/ada/repo'),
      mountAt(args, '--bind', plan.worktree),
      mountAt(args, '--bind', '/home/ada/repo/.heal/scratch'),
      mountAt(args, '--tmpfs', '/home/ada/repo/node_modules/.vite'),
      args.findIndex((arg, index) => arg === '--ro-bind' && args[index + 1] === '/dev/null' && args[index + 2] === '/home/ada/repo/.env.local'),
      mountAt(args, '--ro-bind', '/home/ada/repo/.heal/worktrees/fix-1/.git'),
      mountAt(args, '--ro-bind', '/home/ada/repo/.git'),
    ];
    expect(order.every((position) => position >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(args.filter((arg) => arg === '--bind')).toHaveLength(2);
  });

  it('binds each path onto itself', () => {
    const at = mountAt(args, '--bind', plan.worktree);
    expect(args.slice(at, at + 3)).toEqual(['--bind', plan.worktree, plan.worktree]);
  });

  it('ends with the working directory, the status fd, and the command after --', () => {
    const end = args.indexOf('--');
    expect(args.slice(end - 4, end)).toEqual(['--chdir', plan.cwd, '--json-status-fd', '3']);
    expect(args.slice(end + 1)).toEqual(['npm', 'test', '--', '--reporter=json']);
  });
});

describe('sandboxEnv', () => {
  const parent = {
    PATH: '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    CI: 'true',
    HOME: '/home/ada',
    TERM: 'xterm-256color',
    FORCE_COLOR: '3',
    OPENAI_API_KEY: 'sk-canary',
    GITHUB_TOKEN: 'ghp_canary',
    SSH_AUTH_SOCK: '/run/user/1000/agent',
    AWS_SECRET_ACCESS_KEY: 'x',
    DB_PASSWORD: 'x',
    JAVA_HOME: '/opt/jdk',
  };

  it('keeps only what a command needs, with no colour and the private home and tmp', () => {
    expect(sandboxEnv(parent, { home: '/home/ada' })).toEqual({
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      CI: 'true',
      TERM: 'dumb',
      NO_COLOR: '1',
      HOME: '/home/ada',
      TMPDIR: '/tmp',
    });
  });

  it('adds the caller’s extras and named pass-throughs, but never a credential, even when asked', () => {
    const env = sandboxEnv(parent, {
      home: '/tmp/home',
      names: ['JAVA_HOME', 'OPENAI_API_KEY'],
      extra: { NODE_OPTIONS: '--enable-source-maps', PYTHONPATH: '/w/src', NPM_TOKEN: 'x', FORCE_COLOR: '1', client_secret: 'x' },
    });
    expect(env).toMatchObject({ JAVA_HOME: '/opt/jdk', NODE_OPTIONS: '--enable-source-maps', PYTHONPATH: '/w/src', HOME: '/tmp/home' });
    expect(Object.keys(env).filter((name) => /KEY|TOKEN|SECRET|PASSW|AUTH|FORCE_COLOR/i.test(name))).toEqual([]);
    expect(Object.values(env).join('\n')).not.toMatch(/canary/);
  });

  it('falls back to a standard PATH when the parent has none', () => {
    expect(sandboxEnv({}, { home: '/tmp/home' }).PATH).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  });
});

describe('pathsUnderMasks', () => {
  it('re-exposes the prefixes of PATH folders under a mask and the given paths under one, outermost only', () => {
    const path = '/home/ada/.nvm/versions/node/v20/bin:/home/ada/bin:/usr/bin:relative/bin:/home/ada/.local/bin';
    const others = ['/usr', '/home/ada/repo', '/home/ada/repo/packages/a', '/home/ada/.nvm/versions/node/v20'];
    expect(pathsUnderMasks(['/home/ada', '/tmp'], path, others)).toEqual(['/home/ada/.nvm/versions/node/v20', '/home/ada/bin', '/home/ada/.local', '/home/ada/repo']);
  });

  it('re-exposes a main checkout under the private /tmp', () => {
    expect(pathsUnderMasks(['/root', '/tmp', '/run'], '/usr/bin', ['/tmp/repo', '/tmp/repo/.heal/worktrees/a'])).toEqual(['/tmp/repo']);
  });

  it('exposes nothing when the masks hold none of them', () => {
    expect(pathsUnderMasks(['/root', '/tmp'], '/usr/local/bin:/usr/bin', ['/usr/local', '/work/repo'])).toEqual([]);
  });
});
