import { Command, CommanderError } from 'commander';
import { EXIT, HealError, exitCodeFor, type ExitCode } from './errors.js';
import type { BuildFlags } from './options/build-options.js';
import type { PlanTestsFlags } from './options/plan-tests-options.js';
import type { CodeFlags } from './options/code-options.js';
import type { BuildTestsFlags } from './options/build-tests-options.js';
import type { FixFlags } from './options/fix-options.js';
import type { LoopFlags } from './options/loop-options.js';
import type { SandboxRequest } from './pipeline/sandbox-choice.js';

declare const HEAL_VERSION: string;

/** Where the CLI reads and writes; injectable so e2e-style tests can run it in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT. */
  signal: AbortSignal;
  /** Whether a person can answer a prompt on stdin (heal loop's merge question). */
  stdinIsTTY?: boolean;
}

/** Whether the commit `heal build` builds (HEAD without --commit) holds code a model wrote: heal's own trailers say. */
async function builtCommitIsModelWritten(git: { commitMessages(ref: string, count: number): Promise<string[]> }, commit: string | null): Promise<boolean> {
  const { isModelWritten } = await import('./pipeline/sandbox-choice.js');
  return isModelWritten(await git.commitMessages(commit ?? 'HEAD', 50).catch(() => []));
}

/** Runs a stage command holding the repository's lock (loaded on use: `heal --version` need not pay for it). */
async function underLock<T>(git: { commonDir(): Promise<string> }, command: string, work: () => Promise<T>): Promise<T> {
  const { withRepositoryLock } = await import('./adapters/run-lock.js');
  return withRepositoryLock(await git.commonDir(), command, work);
}

function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  /** The runner for a command that may run model-written code, warning when the user turned the sandbox off. */
  const sandboxFor = async (request: SandboxRequest, modelTouched: boolean) => {
    const { openCommandSandbox } = await import('./commands/open-sandbox.js');
    const opened = await openCommandSandbox(request, modelTouched, io.signal);
    if (modelTouched && opened.sandbox.status === 'off') io.stderr.write(`heal: warning: model-written code runs unsandboxed (${opened.sandbox.reason})\n`);
    return opened;
  };

  const program = new Command('heal')
    .description('Close the loop from code change to green, tested code.')
    .version(typeof HEAL_VERSION === 'string' ? HEAL_VERSION : '0.0.0-dev', '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run heal --help for usage)');

  program
    .command('build')
    .description("Run the repo's install, typecheck, lint, format check and fast tests; write build_report.json")
    .option('--cwd <dir>', 'repository (or a folder inside it) to build', '.')
    .option('--commit <ref>', 'build this commit in a temporary git worktree instead of the working tree')
    .option('--timeout <sec>', 'kill the build after this many seconds (default: BUILD_TIMEOUT_SEC, config, 900)')
    .option('--out <file>', 'where to write the report (default .heal/build_report.json)')
    .option('--json', 'print the report as JSON on stdout and nothing else there')
    .option('--explain', 'print what was detected and the exact commands, without running them')
    .option('--metrics <file>', 'also write Prometheus text metrics to this file')
    .option('--config <file>', 'config file (default .healrc.yaml at the repo root)')
    .option('--no-sandbox', 'run model-written code without the bubblewrap sandbox (reports say so)')
    .action(async (flags: BuildFlags) => {
      const [{ normalizeBuildOptions }, { build }, { createBuildPresenter }] = await Promise.all([
        import('./options/build-options.js'),
        import('./commands/build.js'),
        import('./report/present-build.js'),
      ]);
      const { options, json, sandbox: request } = await normalizeBuildOptions(flags, io.env, io.cwd);
      const presenter = await createBuildPresenter(io, json);
      const modelTouched = !options.explain && (await builtCommitIsModelWritten(options.git, options.commit));
      const { runner, sandbox } = await sandboxFor(request, modelTouched);
      const run = () => build(options, { runner, sandbox, events: presenter.events });
      const outcome = options.explain ? await run() : await underLock(options.git, 'build', run);
      setExit(presenter.present(outcome));
    });
  program
    .command('code')
    .description('Turn a goal (or a ready patch) into a validated, self-checked commit on branch agt/<task_id>')
    .argument('[goal]', 'what to change, in words')
    .option('--cwd <dir>', 'repository (or a folder inside it)', '.')
    .option('--task <file>', 'task.json with id, goal, path and kind, instead of a goal')
    .option('--patch <file>', 'a ready unified diff or SEARCH/REPLACE file: no model, same validation and self-check')
    .option('--base <ref>', 'commit to start from', 'HEAD')
    .option('--model <name>', 'model name (default: HEAL_MODEL, config model.name)')
    .option('--base-url <url>', 'OpenAI-compatible API root (default: HEAL_BASE_URL, config model.base_url)')
    .option('--max-attempts <n>', 'patch attempts, each fed the previous failure (default 3)')
    .option('--max-tokens-total <n>', 'stop when the run has used this many tokens')
    .option('--max-cost <usd>', 'stop when the run has cost this many US dollars')
    .option('--timeout <sec>', 'deadline for the whole run (default 1800)')
    .option('--push <remote>', 'push the branch to this remote on success')
    .option('--out <file>', 'where to write commit_result.json (default .heal/commit_result.json)')
    .option('--json', 'print the result as JSON on stdout and nothing else there')
    .option('--metrics <file>', 'also write Prometheus text metrics to this file')
    .option('--config <file>', 'config file (default .healrc.yaml at the repo root)')
    .option('--no-sandbox', 'run model-written code without the bubblewrap sandbox (reports say so)')
    .action(async (goal: string | undefined, flags: CodeFlags) => {
      const [{ normalizeCodeOptions }, { code }, { createCodePresenter }, { createModelClient }, { createUsageMeter }] = await Promise.all([
        import('./options/code-options.js'),
        import('./commands/code.js'),
        import('./report/present-code.js'),
        import('./model/create-model-client.js'),
        import('./model/usage.js'),
      ]);
      const { options, json, model, sandbox: request } = await normalizeCodeOptions(goal, flags, io.env, io.cwd);
      const { runner, sandbox } = await sandboxFor(request, true);
      const meter = createUsageMeter();
      const client = model ? createModelClient({ settings: model.settings, env: io.env, signal: io.signal, deadlineMs: model.deadlineMs, budget: model.budget, meter, cwd: io.cwd }) : null;
      const presenter = createCodePresenter(io, json);
      setExit(presenter.present(await underLock(options.git, 'code', () => code(options, { runner, sandbox, client, meter, events: presenter.events }))));
    });
  program
    .command('fix')
    .description('Repair a failing build: analyse failures, climb the repair ladder, re-check; commit on agt/fix/<id>')
    .option('--cwd <dir>', 'repository (or a folder inside it)', '.')
    .option('--report <file>', 'the failing build_report.json to fix (default: build HEAD first)')
    .option('--max-iterations <n>', 'repair rounds at most (default 5)')
    .option('--engine <engine>', 'builtin (offline rungs only), or model to add the model rung (default: model when configured)')
    .option('--model <name>', 'model name (default: HEAL_MODEL, config model.name)')
    .option('--base-url <url>', 'OpenAI-compatible API root (default: HEAL_BASE_URL, config model.base_url)')
    .option('--apply', 'also apply the fix to the working tree (which must be clean)')
    .option('--timeout <sec>', 'deadline for the whole run (default 1800)')
    .option('--out <file>', 'where to write fix_report.json (default .heal/fix_report.json; fix_report.md beside it)')
    .option('--json', 'print the report as JSON on stdout and nothing else there')
    .option('--metrics <file>', 'also write Prometheus text metrics to this file')
    .option('--config <file>', 'config file (default .healrc.yaml at the repo root)')
    .option('--no-sandbox', 'run model-written code without the bubblewrap sandbox (reports say so)')
    .action(async (flags: FixFlags) => {
      const [{ normalizeFixOptions }, { fix }, { createFixPresenter }, { createModelClient }, { createUsageMeter }] = await Promise.all([
        import('./options/fix-options.js'),
        import('./commands/fix.js'),
        import('./report/present-fix.js'),
        import('./model/create-model-client.js'),
        import('./model/usage.js'),
      ]);
      const { options, json, model, sandbox: request } = await normalizeFixOptions(flags, io.env, io.cwd);
      const { runner, sandbox } = await sandboxFor(request, model !== null);
      const meter = createUsageMeter();
      const client = model ? createModelClient({ settings: model.settings, env: io.env, signal: io.signal, deadlineMs: model.deadlineMs, meter, cwd: io.cwd }) : null;
      const presenter = createFixPresenter(io, json);
      setExit(presenter.present(await underLock(options.git, 'fix', () => fix(options, { runner, sandbox, client, meter, events: presenter.events }))));
    });
  program
    .command('build-tests')
    .description('Write tests for a testspec, prove each one (listed, 3 passing runs, new coverage); commit the kept ones on agt/testbuilder/<spec_id>')
    .option('--cwd <dir>', 'repository (or a folder inside it)', '.')
    .option('--spec <file>', 'the testspec.json to write tests for (default .heal/testspec.json)')
    .option('--engine <engine>', 'builtin (characterization tests, offline) or model (default: model when configured)')
    .option('--attempts <n>', 'model attempts; each later one is told why earlier tests were dropped (default 2)')
    .option('--model <name>', 'model name (default: HEAL_MODEL, config model.name)')
    .option('--base-url <url>', 'OpenAI-compatible API root (default: HEAL_BASE_URL, config model.base_url)')
    .option('--timeout <sec>', 'deadline for the model calls (default 1800)')
    .option('--out <file>', 'where to write generated_tests.json (default .heal/generated_tests.json; generated_tests.md beside it)')
    .option('--json', 'print the report as JSON on stdout and nothing else there')
    .option('--metrics <file>', 'also write Prometheus text metrics to this file')
    .option('--config <file>', 'config file (default .healrc.yaml at the repo root)')
    .option('--no-sandbox', 'run model-written code without the bubblewrap sandbox (reports say so)')
    .action(async (flags: BuildTestsFlags) => {
      const [{ normalizeBuildTestsOptions }, { buildTests }, { createBuildTestsPresenter }, { createModelClient }, { createUsageMeter }] = await Promise.all([
        import('./options/build-tests-options.js'),
        import('./commands/build-tests.js'),
        import('./report/present-build-tests.js'),
        import('./model/create-model-client.js'),
        import('./model/usage.js'),
      ]);
      const { options, json, model, sandbox: request } = await normalizeBuildTestsOptions(flags, io.env, io.cwd);
      const { runner, sandbox } = await sandboxFor(request, model !== null);
      const meter = createUsageMeter();
      const client = model ? createModelClient({ settings: model.settings, env: io.env, signal: io.signal, deadlineMs: model.deadlineMs, meter, cwd: io.cwd }) : null;
      const presenter = createBuildTestsPresenter(io, json);
      setExit(presenter.present(await underLock(options.git, 'build-tests', () => buildTests(options, { runner, sandbox, client, meter, events: presenter.events }))));
    });
  program
    .command('plan-tests')
    .description('Find coverage gaps and risky code in a green build; write testspec.json with the tests to add')
    .option('--cwd <dir>', 'repository (or a folder inside it)', '.')
    .option('--report <file>', 'build report to plan from (default: the last one under .heal/)')
    .option('--plan <file>', "plan.json with the change's goal and steps, used to rank and explain")
    .option('--base <ref>', "diff against this ref (default: the built commit's parent)")
    .option('--force', 'plan even when the build did not pass')
    .option('--min-coverage <pct>', 'functions below this line coverage are targets (default: MIN_LINE_COV, config, 80)')
    .option('--max-targets <n>', 'at most this many targets (default: config, 5)')
    .option('--out <file>', 'where to write the spec (default .heal/testspec.json)')
    .option('--json', 'print the spec as JSON on stdout and nothing else there')
    .option('--metrics <file>', 'also write Prometheus text metrics to this file')
    .option('--config <file>', 'config file (default .healrc.yaml at the repo root)')
    .option('--engine <engine>', 'builtin, or model to have the model refine the builtin plan (default: model when configured)')
    .option('--model <name>', 'model name (default: HEAL_MODEL, config model.name)')
    .option('--base-url <url>', 'OpenAI-compatible API root (default: HEAL_BASE_URL, config model.base_url)')
    .action(async (flags: PlanTestsFlags) => {
      const [{ normalizePlanTestsOptions }, { planTests }, { presentPlanTests }, { createModelClient }, { createUsageMeter }] = await Promise.all([
        import('./options/plan-tests-options.js'),
        import('./commands/plan-tests.js'),
        import('./report/present-plan-tests.js'),
        import('./model/create-model-client.js'),
        import('./model/usage.js'),
      ]);
      const { options, json, model } = await normalizePlanTestsOptions(flags, io.env, io.cwd);
      const meter = createUsageMeter();
      const client = model ? createModelClient({ settings: model, env: io.env, signal: io.signal, meter, cwd: io.cwd }) : null;
      setExit(presentPlanTests(io, json, await underLock(options.git, 'plan-tests', () => planTests(options, { client, meter }))));
    });
  program
    .command('loop')
    .description('The whole cycle: code (with a goal) → build → fix → plan-tests → build-tests → build again; resumable, on agt/loop/<run-id>')
    .argument('[goal]', 'what to change, in words (needs a model); without it heal heals HEAD: build, fix, add the missing tests')
    .option('--cwd <dir>', 'repository (or a folder inside it)', '.')
    .option('--resume <run-id>', 'continue an interrupted run (its folder is .heal/runs/<run-id>)')
    .option('--engine <engine>', 'builtin (offline, no goal) or model (default: model when configured)')
    .option('--model <name>', 'model name (default: HEAL_MODEL, config model.name)')
    .option('--base-url <url>', 'OpenAI-compatible API root (default: HEAL_BASE_URL, config model.base_url)')
    .option('--merge', 'when DONE, fast-forward the checked-out branch to the result (clean tree only)')
    .option('--no-wait', 'retry a stage that could not run at once, without the back-off delays')
    .option('--timeout <sec>', 'deadline of the whole run (default: config loop.timeout_sec, 3600)')
    .option('--max-tokens-total <n>', 'stop when the run has used this many model tokens')
    .option('--max-cost <usd>', 'stop when the run has cost this many US dollars')
    .option('--json', 'print loop_report.json on stdout and nothing else there')
    .option('--metrics <file>', 'also write every stage\'s Prometheus metrics to this file')
    .option('--config <file>', 'config file (default .healrc.yaml at the repo root)')
    .option('--no-sandbox', 'run model-written code without the bubblewrap sandbox (reports say so)')
    .action(async (goal: string | undefined, flags: LoopFlags) => {
      const [{ normalizeLoopOptions, isInteractive }, { loop }, { createLoopPresenter }, { createModelClient }, { createUsageMeter }] = await Promise.all([
        import('./options/loop-options.js'),
        import('./commands/loop.js'),
        import('./report/present-loop.js'),
        import('./model/create-model-client.js'),
        import('./model/usage.js'),
      ]);
      const interactive = isInteractive({ stdout: io.stdout, env: io.env, stdinIsTTY: io.stdinIsTTY === true }, flags.json === true);
      const { options, json, model, sandbox: request } = await normalizeLoopOptions(goal, flags, io.env, io.cwd, interactive);
      const { runner, sandbox } = await sandboxFor(request, model !== null);
      const meter = createUsageMeter();
      const client = model ? createModelClient({ settings: model.settings, env: io.env, signal: io.signal, deadlineMs: model.deadlineMs, budget: model.budget, meter, cwd: io.cwd }) : null;
      const presenter = await createLoopPresenter(io, json);
      const ask = interactive ? (await import('./report/ask-merge.js')).askMerge : null;
      const askMerge = ask ? (state: Parameters<typeof ask>[0]) => ask(state, io.signal) : undefined;
      setExit(presenter.present(await loop(options, { runner, sandbox, client, meter, signal: io.signal, events: presenter.events, askMerge })));
    });
  program
    .command('clean')
    .description("Remove what heal left behind: its worktrees and a stale lock; with a run id, that run's branches and folder too")
    .argument('[run-id]', 'a heal loop run to throw away (its agt/ branches and .heal/runs/<run-id>)')
    .option('--cwd <dir>', 'repository (or a folder inside it)', '.')
    .action(async (runId: string | undefined, flags: { cwd?: string }) => {
      const [{ resolveCwdFlag }, { openGit }, { clean }] = await Promise.all([import('./options/open-repository.js'), import('./adapters/git.js'), import('./commands/clean.js')]);
      const outcome = await clean({ git: await openGit(await resolveCwdFlag(flags.cwd, io.cwd)), runId: runId ?? null });
      for (const line of outcome.lines) io.stdout.write(`${line}\n`);
      setExit(0);
    });
  program
    .command('report')
    .description("Check a build_report.json against its schema and print its summary, or render a heal loop run's reports again")
    .argument('[file-or-run-id]', 'a build report (default .heal/build_report.json in the current repo), or a heal loop run id')
    .option('--json', 'print the validated report as JSON')
    .action(async (target: string | undefined, flags: { json?: boolean }) => {
      const [{ resolveReportTarget }, { report, rerenderLoop }] = await Promise.all([import('./options/report-options.js'), import('./commands/report.js')]);
      const options = await resolveReportTarget(target, io.cwd);
      if (options.kind === 'loop') {
        const { createLoopPresenter } = await import('./report/present-loop.js');
        setExit((await createLoopPresenter(io, flags.json === true)).present(await rerenderLoop(options)));
        return;
      }
      const { createBuildPresenter } = await import('./report/present-build.js');
      const built = await report(options);
      setExit((await createBuildPresenter(io, flags.json === true)).present({ kind: 'built', report: built, reportFile: options.file }));
    });
  return program;
}

/** Parses argv, runs the command, and maps every known error to an exit code: the one exit point. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof HealError) {
      io.stderr.write(`heal: ${error.message}\n`);
      return exitCodeFor(error);
    }
    throw error;
  }
}
