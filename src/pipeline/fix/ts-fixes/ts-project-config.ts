import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type TS from 'typescript';

/** One TypeScript program to open: its compiler options and root files (absolute, `/`-separated). */
export interface TsProjectSpec {
  options: TS.CompilerOptions;
  fileNames: string[];
  /** The config it came from; null for the inferred JavaScript project. */
  configPath: string | null;
}

/** Above this many files the inferred JavaScript project opens only the files asked about. */
const MAX_INFERRED_FILES = 2_000;

/** The project's tsconfig.json, else its jsconfig.json; null when it has neither. */
export function findTsConfig(projectDir: string): string | null {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    if (existsSync(join(projectDir, name))) return join(projectDir, name);
  }
  return null;
}

/**
 * The config and, for a solution-style config ("files": [] plus "references", as Vite writes it),
 * the configs it references: each becomes its own program, since their options differ.
 */
export function readTsConfigs(ts: typeof TS, configPath: string): TsProjectSpec[] {
  const root = parseConfig(ts, configPath);
  const referenced = (root.projectReferences ?? []).map((reference) => ts.resolveProjectReferencePath(reference)).filter((path) => existsSync(path));
  return [configPath, ...referenced].map((path) => {
    const parsed = path === configPath ? root : parseConfig(ts, path);
    return { options: adjustOptions(ts, parsed.options, dirname(configPath)), fileNames: parsed.fileNames, configPath: path };
  });
}

/**
 * A program for JavaScript without any config, as an editor would infer it: every source file of
 * the project (so a missing import can be found among its siblings), type-checked as JavaScript.
 */
export function inferJsProject(ts: typeof TS, projectDir: string, targetFiles: readonly string[]): TsProjectSpec {
  const raw = {
    compilerOptions: { allowJs: true, checkJs: true, noEmit: true, target: 'es2022', module: 'nodenext', jsx: 'preserve', skipLibCheck: true, resolveJsonModule: true },
    exclude: ['**/node_modules', 'dist', 'build', 'coverage', 'out'],
  };
  const parsed = ts.parseJsonConfigFileContent(raw, ts.sys, projectDir);
  const fileNames = parsed.fileNames.length > MAX_INFERRED_FILES ? [...targetFiles] : parsed.fileNames;
  return { options: adjustOptions(ts, parsed.options, projectDir), fileNames, configPath: null };
}

function parseConfig(ts: typeof TS, configPath: string): TS.ParsedCommandLine {
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, dirname(configPath), undefined, configPath);
}

/**
 * Options for a language service that only reads: no emit, no composite bookkeeping, and, when the
 * repository itself builds with TypeScript 5 (or none) while heal loads 6, 5's defaults back for
 * the options TypeScript 6 changed (`strict`, automatic `@types`), so diagnostics match its tsc's.
 */
function adjustOptions(ts: typeof TS, options: TS.CompilerOptions, projectDir: string): TS.CompilerOptions {
  const adjusted: TS.CompilerOptions = { ...options, noEmit: true, composite: false, incremental: false, declaration: false, emitDeclarationOnly: false };
  delete adjusted.tsBuildInfoFile;
  if (Number(ts.versionMajorMinor.split('.')[0]) >= 6) {
    adjusted.ignoreDeprecations = '6.0';
    if (readRepoTsMajor(projectDir) < 6) {
      adjusted.strict ??= false;
      adjusted.types ??= ['*'];
    }
  }
  return adjusted;
}

/** The major version of the repository's own TypeScript; 0 when it has none installed. */
function readRepoTsMajor(projectDir: string): number {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(projectDir, 'node_modules', 'typescript', 'package.json'), 'utf8'));
    const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : null;
    return typeof version === 'string' ? Number.parseInt(version, 10) || 0 : 0;
  } catch {
    return 0;
  }
}
