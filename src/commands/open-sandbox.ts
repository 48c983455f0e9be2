import { createContainedRunner } from '../adapters/contained-runner.js';
import { createProcessRunner, type ProcessRunner } from '../adapters/process-runner.js';
import { detectSandbox, SandboxError } from '../adapters/sandbox.js';
import { chooseSandbox, needsProbe, type SandboxNote, type SandboxRequest } from '../pipeline/sandbox-choice.js';

/**
 * The runner a command uses and what its report says about it: the plain runner wrapped in the
 * sandbox when `chooseSandbox` says so. Throws `SandboxError` (exit 6) when model-written code
 * would have to run unsandboxed.
 */
export async function openSandbox(plain: ProcessRunner, request: SandboxRequest, modelTouched: boolean, signal?: AbortSignal): Promise<{ runner: ProcessRunner; sandbox: SandboxNote }> {
  const detection = needsProbe(request, modelTouched) ? await detectSandbox('auto', plain) : null;
  const choice = chooseSandbox(request, modelTouched, detection);
  if (choice.kind === 'refuse') throw new SandboxError(choice.message);
  return { runner: choice.note.status === 'on' ? createContainedRunner(plain, signal) : plain, sandbox: choice.note };
}

/** `openSandbox` over the real process runner, aborted by `signal` (heal's SIGINT handler). */
export function openCommandSandbox(request: SandboxRequest, modelTouched: boolean, signal?: AbortSignal): Promise<{ runner: ProcessRunner; sandbox: SandboxNote }> {
  return openSandbox(createProcessRunner(signal), request, modelTouched, signal);
}
