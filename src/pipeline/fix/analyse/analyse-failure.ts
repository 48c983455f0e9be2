import { posix } from 'node:path';
import type { BuildReport, FailedTest, SourceLocation } from '../../../artefacts/build-report.js';
import { categoriseTestError } from './analyse-category.js';
import { analyseDiagnostic } from './analyse-diagnostic.js';
import { readTestError } from './analyse-error.js';
import { explainTestFailure } from './analyse-explain.js';
import { findRoots, locateFrames, toRepoPath, toRootRelative, type FrameLocations, type PathContext } from './analyse-location.js';
import { findCalledName, findImportLocation } from './analyse-source-text.js';
import { readTestSymbol, type NamedSymbol } from './analyse-symbol.js';
import { readStackBlocks } from './read-stack.js';
import { createSourceMapper, type SourceMapper } from './source-map-locate.js';
import type { FailureAnalysis, FailureCategory, FixLocation, ReadFile } from '../types.js';
import { isTestFile } from '../test-files.js';

/** Inputs of the failure analysis besides the report. */
export interface AnalyseFailuresOptions {
  /** Absolute path of the repository root the build ran in, to make the stacks' absolute paths relative. */
  repoRoot: string;
}

/** The project folder (a toolchain root) that holds the test's file; runners print paths relative to it. */
function findProjectRoot(report: BuildReport, file: string): string {
  const roots = report.toolchains.map((toolchain) => toolchain.root).filter((root) => root === '.' || file.startsWith(`${root}/`));
  return roots.sort((a, b) => b.length - a.length)[0] ?? '.';
}

/** Node names a missing relative import by its resolved absolute path: back to the specifier as the importer wrote it. */
function toWrittenSpecifier(named: NamedSymbol, importer: string, roots: readonly string[]): NamedSymbol {
  const isResolved = named.module?.startsWith('/') || named.module?.startsWith('file://');
  const target = isResolved && named.module ? toRootRelative(named.module, roots) : null;
  if (target === null) return named;
  const relative = posix.relative(posix.dirname(importer), target);
  const specifier = relative.startsWith('.') ? relative : `./${relative}`;
  return { ...named, symbol: specifier, module: specifier };
}

/** A runner's location (column 0 when it printed none) as a 1-based FixLocation. */
function toFixLocation(location: SourceLocation): FixLocation {
  return { ...location, column: Math.max(1, location.column) };
}

interface TestInputs {
  test: FailedTest;
  category: FailureCategory;
  named: NamedSymbol;
  text: string;
  context: PathContext;
}

/**
 * The place to fix: the stack's, else for an import error the importing line (vitest and node
 * print no frame for it), else the runner's own location, mapped through source maps.
 */
async function findFixLocation(inputs: TestInputs, frames: FrameLocations, readFile: ReadFile, mapper: SourceMapper): Promise<FixLocation | null> {
  const { test, category, named, text, context } = inputs;
  if (frames.location) return frames.location;
  if (category === 'import') return findImportLocation(text, named.module ?? named.symbol, test.file, readFile, (path) => toRepoPath(path, context));
  return test.location ? mapper.mapLocation(toFixLocation(test.location)) : null;
}

/** Where the test stands: its innermost frame, else a fix location in test code, else the runner's location in the test file, else the file's top. */
function findTestLocation(test: FailedTest, frames: FrameLocations, location: FixLocation | null): FixLocation {
  if (frames.testLocation) return frames.testLocation;
  if (location && isTestFile(location.file)) return location;
  if (test.location?.file === test.file) return toFixLocation(test.location);
  return { file: test.file, line: 1, column: 1 };
}

/** Analyses one failed test: its error, category, where to fix it and where the test stands. */
export async function analyseTestFailure(
  test: FailedTest,
  report: BuildReport,
  readFile: ReadFile,
  options: AnalyseFailuresOptions,
): Promise<FailureAnalysis> {
  const error = readTestError(test);
  const category = categoriseTestError(error);
  const blocks = readStackBlocks(test.stack.trim() === '' ? test.message : test.stack);
  const context: PathContext = { roots: findRoots(options.repoRoot, test, blocks.flat()), projectRoot: findProjectRoot(report, test.file) };
  const mapper = createSourceMapper(readFile, (path) => toRootRelative(path, context.roots));
  const frames = await locateFrames(blocks, context, mapper);
  const read = readTestSymbol(category, error.message, error.text);
  const location = await findFixLocation({ test, category, named: read, text: error.text, context }, frames, readFile, mapper);
  const testLocation = findTestLocation(test, frames, location);
  let named = location ? toWrittenSpecifier(read, location.file, context.roots) : read;
  if (category === 'async' && named.symbol === null) named = { ...named, symbol: await findCalledName(testLocation, readFile) };
  const explanation = explainTestFailure({ category, errorType: error.errorType, message: error.message, named, location, testLocation });
  return {
    failureId: test.id,
    source: 'test',
    errorType: error.errorType,
    message: error.message,
    category,
    location,
    testLocation,
    symbol: named.symbol,
    ...explanation,
  };
}

/**
 * One analysis per failure `listFailures` keys: each failed test, each type error, and each lint
 * finding of severity error (diagnostics sharing a file and rule share a failure id).
 */
export async function analyseFailures(report: BuildReport, readFile: ReadFile, options: AnalyseFailuresOptions): Promise<FailureAnalysis[]> {
  const tests: FailureAnalysis[] = [];
  for (const test of report.failed_tests) tests.push(await analyseTestFailure(test, report, readFile, options));
  return [
    ...tests,
    ...report.type_errors.map((diagnostic) => analyseDiagnostic(diagnostic, 'type')),
    ...report.lint_errors.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => analyseDiagnostic(diagnostic, 'lint')),
  ];
}
