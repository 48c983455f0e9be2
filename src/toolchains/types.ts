import type { Command } from '../adapters/process-runner.js';
import type {
  Coverage,
  Diagnostic,
  FailedTest,
  StepKind,
  TestCounts,
  Toolchain,
} from '../artefacts/build-report.js';
import type { ToolId } from '../config/schema.js';

/** A Python interpreter heal probed, and which of the tools it can import. */
export interface PythonFacts {
  /** Absolute path or command name of the interpreter. */
  interpreter: string;
  /** Importable modules among those heal uses (pytest, pytest_cov, coverage, black, ruff, flake8, mypy, xdist). */
  modules: ReadonlySet<string>;
}

/**
 * Everything planning needs to know about one project directory, read up front so that planning
 * stays pure. Paths are relative to the project directory.
 */
export interface ProjectFacts {
  /** Absolute path of the project directory (the repo root, or a workspace root inside it). */
  dir: string;
  /** Project directory relative to the repository root ("." for the root). */
  relativeDir: string;
  /** Names of the files and folders present at the project root. */
  rootEntries: ReadonlySet<string>;
  /** Parsed package.json, when present. */
  packageJson: PackageJson | null;
  /** Text of pyproject.toml / setup.cfg / pytest.ini / tox.ini, keyed by file name, when present. */
  pythonConfigs: ReadonlyMap<string, string>;
  /** Executables present in node_modules/.bin. */
  nodeBins: ReadonlySet<string>;
  /** Package managers found on PATH (npm, pnpm, yarn, corepack). */
  pathCommands: ReadonlySet<string>;
  /** The Python interpreter that can run the project's tools, when the project is Python. */
  python: PythonFacts | null;
  /** Node's own version, for feature checks (e.g. node:test reporters). */
  nodeVersion: string;
  /**
   * Package names present in node_modules (top level, scoped ones as "@scope/name"). Optional: when
   * absent, Node tools fall back to the declared dependencies (e.g. to pick a vitest coverage provider).
   */
  installedPackages?: ReadonlySet<string>;
}

export interface PackageJson {
  name?: string;
  /** "module" makes .js files ES modules. */
  type?: string;
  packageManager?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: unknown;
  /** Inline ESLint (legacy) config; its presence enables the eslint step. */
  eslintConfig?: unknown;
  /** Inline Prettier config; its presence enables the prettier step. */
  prettier?: unknown;
}

/** Paths (relative to the project dir) where heal puts tool outputs for this build. */
export interface PlanContext {
  /**
   * Folder for this build's raw outputs (under the repository's `.heal/`). It may be absolute, and
   * may lie outside the project dir (a `--commit` build runs in a worktree): treat it as an opaque
   * prefix and build paths with `join(outDir, name)`.
   */
  outDir: string;
}

/** A file a tool writes that heal reads after the step. */
export type OutputFiles = Record<string, string>;

/** One command of a step, with the output files heal should read afterwards. */
export interface PlannedCommand {
  command: Command;
  env?: Record<string, string>;
  /** Named output files (relative to the project dir) the parser receives. */
  outputs?: OutputFiles;
  /**
   * Files heal writes before running the command, keyed by path relative to the project dir (inside
   * the build's outDir), e.g. the node:test reporter module. Parent folders are created as needed.
   */
  writeFiles?: Record<string, string>;
}

/** A step as planned: what runs, which parser reads it, or why it cannot run. */
export interface PlannedStep {
  kind: StepKind;
  tool: ToolId | 'custom';
  /** The main command; its exit code decides the step's status. */
  main: PlannedCommand;
  /** Follow-up commands that only produce outputs (e.g. `coverage json`); their exit codes are logged. */
  after: PlannedCommand[];
  /** When set, the step is not run: it ERRORS with this message (e.g. the tool is not installed). */
  missing: string | null;
  /**
   * Exit codes of `main` that count as a clean run (default: only 0), e.g. pytest's 5 "no tests
   * collected", which heal treats as PASSED with zero tests.
   */
  passExitCodes?: readonly number[];
}

/** What a step produced, as text, for a pure parser. */
export interface ToolOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Contents of the step's declared output files that exist, by output name. */
  files: Readonly<Record<string, string>>;
  /** Absolute project dir the tool ran in, for turning absolute paths into relative ones. */
  projectDir: string;
  /** Reads a project file (relative path) such as a covered source; null when it does not exist. */
  readSource(relativePath: string): Promise<string | null>;
}

/** What a parser found. Every field is optional: a linter yields diagnostics, a runner tests and coverage. */
export interface Findings {
  tests?: TestCounts;
  failedTests?: FailedTest[];
  diagnostics?: Diagnostic[];
  coverage?: Coverage | null;
  /** The tool could not produce its report (a crash, a config error): the step ERRORS with this note. */
  error?: string;
}

/** One tool heal knows: how to plan its step for a project, and how to read what it wrote. */
export interface ToolDefinition {
  id: ToolId;
  kind: StepKind;
  /** Pure: the step for this project, or null when the tool does not apply. */
  plan(facts: ProjectFacts, context: PlanContext): PlannedStep | null;
  /** Turns the tool's outputs into findings; reads nothing but `output` (sources through `readSource`). */
  parse(output: ToolOutput): Findings | Promise<Findings>;
  /**
   * Pure: the command that fixes what the tool reports in place (`eslint --fix`, `black .`), for
   * linters and formatters that can; absent when the tool has no autofix.
   */
  planFix?(facts: ProjectFacts): PlannedCommand | null;
}

/** A toolchain (Node, Python) is a detector plus the tools it may use, in step order. */
export interface ToolchainDefinition {
  id: Toolchain['id'];
  /** Pure: does this project use the toolchain? */
  detect(facts: ProjectFacts): boolean;
  /** Pure: the toolchain's summary line for the report. */
  describe(facts: ProjectFacts): Toolchain;
  tools: readonly ToolDefinition[];
}
