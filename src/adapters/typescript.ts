import type TS from 'typescript';

let loaded: Promise<typeof TS | null> | undefined;

/**
 * The TypeScript compiler API, imported on first use and shared by every caller: it is large, so it
 * stays off heal's start-up path. Null when it cannot be loaded.
 */
export function loadTypeScript(): Promise<typeof TS | null> {
  loaded ??= import('typescript').then(
    (module) => module.default,
    () => null,
  );
  return loaded;
}
