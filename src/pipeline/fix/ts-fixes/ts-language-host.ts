import type TS from 'typescript';
import { findTsConfig, inferJsProject, readTsConfigs, type TsProjectSpec } from './ts-project-config.js';

/** A language service over files read from disk once: nothing edits them while heal asks for fixes. */
export interface TsProject {
  ts: typeof TS;
  service: TS.LanguageService;
  /** The files of this program that heal asks about (absolute, `/`-separated). */
  targetFiles: string[];
  /** The text the service saw for a file; undefined when it does not exist. */
  readText(fileName: string): string | undefined;
}

const JS_FILE = /\.[cm]?jsx?$/;
const TS_OR_JS_FILE = /\.(?:[cm]?[jt]sx?)$/;

/** True for a file a TypeScript language service can examine (.ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs). */
export function isTsOrJsFile(fileName: string): boolean {
  return TS_OR_JS_FILE.test(fileName) && !fileName.endsWith('.d.ts');
}

/**
 * One language service per program the target files belong to: the project's tsconfig.json (or
 * jsconfig.json; each referenced config of a solution-style one), else, for JavaScript files only,
 * an inferred program. A target file no config includes joins the first program as an extra root
 * (tests are often left out of the build's tsconfig). Empty when there is nothing to open.
 */
export function openTsProjects(ts: typeof TS, projectDir: string, targetFiles: readonly string[]): TsProject[] {
  const configPath = findTsConfig(projectDir);
  const jsTargets = targetFiles.filter((file) => JS_FILE.test(file));
  const specs = configPath ? readTsConfigs(ts, configPath) : jsTargets.length > 0 ? [inferJsProject(ts, projectDir, jsTargets)] : [];
  const assigned = new Map<TsProjectSpec, string[]>();
  for (const file of configPath ? targetFiles : jsTargets) {
    const spec = specs.find((candidate) => candidate.fileNames.includes(file)) ?? specs.find((candidate) => candidate.fileNames.length > 0) ?? specs[0];
    if (spec) assigned.set(spec, [...(assigned.get(spec) ?? []), file]);
  }
  return [...assigned].map(([spec, files]) => createTsProject(ts, spec, files, projectDir));
}

function createTsProject(ts: typeof TS, spec: TsProjectSpec, targetFiles: string[], projectDir: string): TsProject {
  const rootNames = [...new Set([...spec.fileNames, ...targetFiles])];
  // A JavaScript file is only checked, and fixed against real types, when the program checks JavaScript.
  const options = targetFiles.some((file) => JS_FILE.test(file)) ? { ...spec.options, allowJs: true, checkJs: true } : spec.options;
  const texts = new Map<string, string | undefined>();
  const readText = (fileName: string): string | undefined => {
    if (!texts.has(fileName)) texts.set(fileName, ts.sys.readFile(fileName));
    return texts.get(fileName);
  };
  const host: TS.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => rootNames,
    getScriptVersion: () => '0',
    getScriptSnapshot: (fileName) => {
      const text = readText(fileName);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => projectDir,
    getDefaultLibFileName: (defaults) => ts.getDefaultLibFilePath(defaults),
    fileExists: (path) => ts.sys.fileExists(path),
    readFile: (path, encoding) => ts.sys.readFile(path, encoding),
    readDirectory: (path, extensions, exclude, include, depth) => ts.sys.readDirectory(path, extensions, exclude, include, depth),
    directoryExists: (path) => ts.sys.directoryExists(path),
    getDirectories: (path) => ts.sys.getDirectories(path),
    realpath: (path) => (ts.sys.realpath ? ts.sys.realpath(path) : path),
    useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
  };
  return { ts, service: ts.createLanguageService(host, ts.createDocumentRegistry()), targetFiles, readText };
}
