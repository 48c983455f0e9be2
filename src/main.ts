import { runCli } from './cli.js';
import { EXIT, HealError } from './errors.js';

const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort(new HealError('E_INTERRUPTED', 'interrupted: stopped the running step and removed heal\'s temporary worktree'));
});

try {
  process.exitCode = await runCli(process.argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
} catch (error) {
  process.stderr.write(`heal: internal error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = EXIT.internal;
}
