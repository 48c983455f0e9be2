import type { SandboxDetection } from '../adapters/sandbox.js';
import type { SandboxNote } from '../artefacts/sandbox-note.js';
import type { SandboxMode } from '../config/schema.js';

export type { SandboxNote };

/** What the user asked for: the config's (or HEAL_SANDBOX's) setting, and `--no-sandbox`. */
export interface SandboxRequest {
  setting: SandboxMode;
  noSandboxFlag: boolean;
}

export type SandboxChoice = { kind: 'run'; note: SandboxNote } | { kind: 'refuse'; message: string };

/** True when the choice depends on whether bubblewrap can start here. */
export function needsProbe(request: SandboxRequest, modelTouched: boolean): boolean {
  if (request.noSandboxFlag || request.setting === 'none') return false;
  return request.setting === 'bwrap' || modelTouched;
}

/**
 * Pure: whether heal's commands run in the sandbox. Model-written code (or a patch file's) never
 * runs unsandboxed unless the user said so (`--no-sandbox`, `sandbox: none`); `detection` is null
 * when `needsProbe` said no probe was needed.
 */
export function chooseSandbox(request: SandboxRequest, modelTouched: boolean, detection: SandboxDetection | null): SandboxChoice {
  if (request.noSandboxFlag) return { kind: 'run', note: { status: 'off', reason: 'turned off by --no-sandbox' } };
  if (request.setting === 'none') return { kind: 'run', note: { status: 'off', reason: 'turned off by sandbox: none' } };
  if (detection === null) return { kind: 'run', note: { status: 'off', reason: 'not needed: no model-written code runs (builtin engine)' } };
  if (detection.kind === 'bwrap') return { kind: 'run', note: { status: 'on', reason: `bubblewrap ${detection.version}` } };
  const what = modelTouched ? 'model-written code' : 'commands';
  return {
    kind: 'refuse',
    message: `sandbox: ${detection.reason}; heal will not run ${what} unsandboxed: install bubblewrap, or pass --no-sandbox to accept the risk`,
  };
}

/** Who wrote a heal commit, as its `Heal-Engine:` trailer says. */
export type CommitEngine = 'model' | 'builtin' | 'patch-file';

const ENGINE_TRAILER = /^Heal-Engine:\s*(model|builtin|patch-file)\s*$/m;

/** Adds heal's `Heal-Engine:` trailer to a commit message, joining a trailer block it already ends with. */
export function withEngineTrailer(message: string, engine: CommitEngine): string {
  const text = message.trimEnd();
  const lastParagraph = text.split(/\n\s*\n/).at(-1) ?? '';
  const endsWithTrailers = text.includes('\n\n') && lastParagraph.split('\n').every((line) => /^[A-Z][\w-]*: /.test(line));
  return `${text}${endsWithTrailers ? '\n' : '\n\n'}Heal-Engine: ${engine}\n`;
}

/**
 * Pure: whether a commit holds code a model (or a patch file) wrote, from the messages of it and
 * its first parents, newest first: heal's commits on top are read until the first one heal did not make.
 */
export function isModelWritten(messages: readonly string[]): boolean {
  for (const message of messages) {
    const engine = ENGINE_TRAILER.exec(message)?.[1];
    if (engine === undefined) return false;
    if (engine !== 'builtin') return true;
  }
  return false;
}
