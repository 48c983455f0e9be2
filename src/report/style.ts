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

export function createStyle(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
