import type { ProcessRunner } from '../../adapters/process-runner.js';
import {
  chooseInterpreter,
  interpreterCandidates,
  parseProbe,
  probeCommand,
} from '../../toolchains/python/interpreter.js';
import type { PythonFacts } from '../../toolchains/types.js';

const PROBE_TIMEOUT_MS = 15_000;

/**
 * Probes Python interpreters in the project dir and picks the one that can run its tools. An
 * interpreter named in the config (or HEAL_PYTHON) is the only candidate: heal never overrides it.
 */
export function createPythonProbe(runner: ProcessRunner, configured: string | null) {
  return async (dir: string, rootEntries: ReadonlySet<string>): Promise<PythonFacts | null> => {
    const candidates = interpreterCandidates({
      configured: configured ?? undefined,
      virtualEnv: process.env.VIRTUAL_ENV,
      projectDir: dir,
      rootEntries,
    });
    const tried = configured ? candidates.slice(0, 1) : candidates;
    // Probed together: each start-up costs tens of milliseconds (a pyenv shim, more).
    const probes = await Promise.all(
      tried.map(async (candidate) => {
        const result = await runner.run({ command: probeCommand(candidate), cwd: dir, timeoutMs: PROBE_TIMEOUT_MS });
        const output = result.outcome === 'exited' && result.exitCode === 0 ? parseProbe(result.stdout) : null;
        return { candidate, output };
      }),
    );
    return chooseInterpreter(probes);
  };
}
