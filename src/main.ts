import { setMaxListeners } from 'node:events';
import { runCli } from './cli.js';
import { EXIT, HealError } from './errors.js';

const controller = new AbortController();
// Every model request listens on this one signal; a long heal loop makes many.
setMaxListeners(0, controller.signal);
const interrupt = () => controller.abort(new HealError('E_INTERRUPTED', "interrupted: stopped the running step and removed heal's temporary worktree"));
// Ctrl-C, and the SIGTERM a CI runner sends when it cancels a job.
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

try {
  process.exitCode = await runCli(process.argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    stdinIsTTY: process.stdin.isTTY === true,
  });
} catch (error) {
  process.stderr.write(`heal: internal error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = EXIT.internal;
}
