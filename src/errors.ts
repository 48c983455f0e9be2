/**
 * heal's error taxonomy. Every failure a user can cause or meet is one of these classes, each with a
 * stable `code`; `exitCodeFor` is the single table that maps them to process exit codes.
 */

/** Exit codes, documented in the README. */
export const EXIT = {
  /** The stage succeeded (a build PASSED). */
  ok: 0,
  /** The stage ran and found problems (a build FAILED: tests, types, lint). */
  failed: 1,
  /** Bad usage or configuration: nothing was run. */
  usage: 2,
  /** The stage could not run: a missing tool, a timeout, a crash (a build ERRORED). */
  errored: 3,
  /** A bug in heal: the stack trace is printed; please report it. */
  internal: 4,
  /** Another heal run holds the repository's lock: nothing was run; try again when it ends. */
  busy: 5,
  /** The sandbox for model-touched code could not start, and --no-sandbox was not given: nothing was run. */
  sandbox: 6,
  /** Interrupted by SIGINT. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type HealErrorCode =
  | 'E_USAGE'
  | 'E_NOT_A_GIT_REPO'
  | 'E_CWD_MISSING'
  | 'E_CONFIG_INVALID'
  | 'E_ARTEFACT_INVALID'
  | 'E_GIT_REF'
  | 'E_TOOL_MISSING'
  | 'E_TIMEOUT'
  | 'E_INTERRUPTED'
  | 'E_NO_MODEL'
  | 'E_BUILD_NOT_GREEN'
  | 'E_NO_COVERAGE'
  | 'E_LOCKED'
  | 'E_SANDBOX'
  | 'E_SECRET';

/** A known, user-facing failure: printed as one line, never with a stack. */
export class HealError extends Error {
  override readonly name = 'HealError';
  constructor(
    readonly code: HealErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Bad flags or arguments. */
export class UsageError extends HealError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

/** `.healrc.yaml` (or an environment override) failed validation. */
export class ConfigError extends HealError {
  constructor(message: string) {
    super('E_CONFIG_INVALID', message);
  }
}

/** An artefact on disk is missing, unreadable, or does not match its schema. */
export class ArtefactError extends HealError {
  constructor(message: string) {
    super('E_ARTEFACT_INVALID', message);
  }
}

const EXIT_BY_CODE: Record<HealErrorCode, ExitCode> = {
  E_USAGE: EXIT.usage,
  E_NOT_A_GIT_REPO: EXIT.usage,
  E_CWD_MISSING: EXIT.usage,
  E_CONFIG_INVALID: EXIT.usage,
  E_ARTEFACT_INVALID: EXIT.usage,
  E_GIT_REF: EXIT.usage,
  E_TOOL_MISSING: EXIT.errored,
  E_TIMEOUT: EXIT.errored,
  E_INTERRUPTED: EXIT.interrupted,
  E_NO_MODEL: EXIT.usage,
  E_BUILD_NOT_GREEN: EXIT.failed,
  E_NO_COVERAGE: EXIT.errored,
  E_LOCKED: EXIT.busy,
  E_SANDBOX: EXIT.sandbox,
  E_SECRET: EXIT.failed,
};

/** The one table from a known error to an exit code. */
export function exitCodeFor(error: HealError): ExitCode {
  return EXIT_BY_CODE[error.code];
}

/** The one table from a stage's final status to an exit code. */
export function exitCodeForStatus(status: 'PASSED' | 'FAILED' | 'ERRORED'): ExitCode {
  if (status === 'PASSED') return EXIT.ok;
  return status === 'FAILED' ? EXIT.failed : EXIT.errored;
}
