/**
 * Shared shapes of the test-builder stage: how a repository writes its tests, and the test files
 * an engine (builtin characterization or a model) proposes.
 */

/** Test frameworks heal writes tests for. */
export type TestFramework = 'vitest' | 'jest' | 'node-test' | 'mocha' | 'pytest';

/** Where a repository keeps its tests. */
export type TestLayout =
  /** Beside the source: src/money.ts -> src/money.test.ts. */
  | { kind: 'colocated' }
  /** In one folder relative to the project dir ("test", "tests", "__tests__", "src/__tests__"). */
  | { kind: 'folder'; dir: string };

/** How a repository writes its tests, read from the tests it already has. */
export interface TestStyle {
  framework: TestFramework;
  language: 'ts' | 'js' | 'py';
  /** JS/TS: `import` or `require` in test files. Python: always "esm" (unused). */
  moduleStyle: 'esm' | 'cjs';
  /** JS/TS: test files import describe/it/expect from the framework ("vitest", "@jest/globals") instead of using globals. */
  importsFramework: boolean;
  layout: TestLayout;
  /** JS/TS: the test file suffix (".test.ts", ".spec.js"). Python: "test_" prefix or "_test" suffix style. */
  suffix: string;
  /** JS/TS: the extension relative imports of sources carry (".js" under NodeNext, "" for bundlers, ".ts"). */
  importExtension: string;
  /** JS/TS: string quote the tests use. */
  quote: '"' | "'";
  /** JS/TS: statements end with semicolons. */
  semicolons: boolean;
  /** One existing test file to show a model as the house style (repository-relative), or null. */
  example: string | null;
}

/** One test inside a generated file, as the runner names it. */
export interface GeneratedTest {
  /**
   * The name a focused run reports: JS suites and title joined by " > " ("formatCents > formats 0");
   * pytest the node id after the file ("test_quote_express" or "TestQuote::test_express").
   */
  name: string;
  /** "<path>::<symbol>" of the coverage target the test exercises, or null when unknown. */
  targetId: string | null;
  /** The testspec case the test serves, or null. */
  caseName: string | null;
}

/** A test file an engine proposes: its full text and the tests in it. */
export interface GeneratedFile {
  /** Repository-relative path. */
  path: string;
  text: string;
  tests: GeneratedTest[];
}

/** What a builtin characterization engine produced, and which targets it could not test and why. */
export interface CharacterizeOutcome {
  files: GeneratedFile[];
  skipped: Array<{ targetId: string; reason: string }>;
}

/** A target the builtin engine characterizes: an exported function of a source file. */
export interface CharacterizeTarget {
  /** "<path>::<symbol>" as in the testspec. */
  id: string;
  /** Repository-relative path of the source file. */
  path: string;
  symbol: string;
  /** Inclusive 1-based lines of the function. */
  lineRange: [number, number];
  uncoveredLines: number[];
}
