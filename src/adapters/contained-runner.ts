import { stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ProcessRunner, RunRequest } from './process-runner.js';
import { createSandboxedRunner } from './sandbox.js';

/** Lifecycle scripts off for npm, pnpm and yarn 1 (npm_config_*), and yarn berry. */
const NO_INSTALL_SCRIPTS = { npm_config_ignore_scripts: 'true', YARN_ENABLE_SCRIPTS: 'false' };

/** The git worktree (or checkout) holding `dir`: the nearest folder with a `.git` entry; null outside any. */
async function worktreeOf(dir: string): Promise<string | null> {
  for (let current = dir; ; current = dirname(current)) {
    if (await stat(join(current, '.git')).then(() => true, () => false)) return current;
    if (dirname(current) === current) return null;
  }
}

/**
 * A runner that runs every command inside a repository's worktree in the bubblewrap sandbox of
 * that worktree (one per worktree, made on first use). Two kinds run outside: dependency installs,
 * which need the registry, with lifecycle scripts off so no repository code runs unsandboxed; and
 * commands outside any git worktree, which are heal's own probes (`bwrap --version`, a Python's
 * version), never repository code.
 */
export function createContainedRunner(plain: ProcessRunner, signal?: AbortSignal): ProcessRunner {
  const sandboxes = new Map<string, ProcessRunner>();
  return {
    async run(request: RunRequest) {
      if (request.install) return plain.run({ ...request, env: { ...request.env, ...NO_INSTALL_SCRIPTS } });
      const root = await worktreeOf(request.cwd);
      if (root === null) return plain.run(request);
      // A command heal runs in its own scratch folder (`.heal/runs/…` of the main checkout) gets that folder, never the checkout.
      const inScratch = relative(root, request.cwd).split(sep)[0] === '.heal';
      const worktree = inScratch ? request.cwd : root;
      let sandbox = sandboxes.get(worktree);
      if (!sandbox) sandboxes.set(worktree, (sandbox = createSandboxedRunner({ worktree, readable: inScratch ? [root] : [], signal })));
      return sandbox.run(request);
    },
  };
}
