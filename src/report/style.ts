import { Chalk, type ChalkInstance } from 'chalk';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Colour only on a TTY, never under NO_COLOR or when output is JSON. */
export function shouldUseColor(stream: OutputStream, env: NodeJS.ProcessEnv, json: boolean): boolean {
  if (json || env.NO_COLOR !== undefined || env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * Spinners only on a terminal that knows its width (a pty with 0 columns, as `script` or some CI
 * runners give, would make the spinner redraw forever), never in CI.
 */
export function shouldSpin(stream: OutputStream & { columns?: number }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (stream.columns ?? 0) > 0 && env.CI === undefined;
}

export function createStyle(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
