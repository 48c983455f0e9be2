import { z } from 'zod';
import { ModelConfig } from '../model/model-config.js';
import { PatchPolicy } from '../patch/patch-policy.js';

const StepName = z.enum(['install', 'typecheck', 'lint', 'format', 'test']);

/** Ids of the tools heal knows (see src/toolchains/). */
export const ToolId = z.enum([
  'npm', 'pnpm', 'yarn', 'vitest', 'jest', 'node-test', 'tsc', 'eslint', 'biome', 'prettier',
  'pytest', 'black', 'ruff', 'ruff-format', 'flake8', 'mypy',
]);
export type ToolId = z.infer<typeof ToolId>;

/** Override for one build step. */
export const StepConfig = z
  .object({
    /** false turns the step off even when heal detects a tool for it. */
    enabled: z.boolean().default(true),
    /**
     * Command line run instead of the detected one (through the shell, in the project root). heal
     * cannot parse a custom command's output, so the step is judged by its exit code alone.
     */
    command: z.string().min(1).optional(),
    /** Extra arguments appended to the detected tool's command, e.g. `["-m", "not slow"]`; parsing is kept. */
    args: z.array(z.string()).default([]),
  })
  .strict();
export type StepConfig = z.infer<typeof StepConfig>;

export const BuildConfig = z
  .object({
    /** Kill the build after this many seconds (BUILD_TIMEOUT_SEC, --timeout). */
    timeout_sec: z.number().int().positive().default(900),
    /** auto: install only when dependencies are missing or stale; always; never. */
    install: z.enum(['auto', 'always', 'never']).default('auto'),
    /** Per-step overrides, keyed by step: install, typecheck, lint, format, test. */
    steps: z.partialRecord(StepName, StepConfig).default({}),
  })
  .strict();
export type BuildConfig = z.infer<typeof BuildConfig>;

export const PlanTestsConfig = z
  .object({
    /** Functions below this line coverage (percent) become targets (MIN_LINE_COV, --min-coverage). */
    min_coverage: z.number().min(0).max(100).default(80),
    /** At most this many targets per spec (--max-targets). */
    max_targets: z.number().int().positive().default(5),
  })
  .strict();
export type PlanTestsConfig = z.infer<typeof PlanTestsConfig>;

/** auto: sandbox model-written code, refusing when bubblewrap cannot start; bwrap: sandbox every command; none: never. */
export const SandboxMode = z.enum(['auto', 'bwrap', 'none']);
export type SandboxMode = z.infer<typeof SandboxMode>;

export const LoopConfig = z
  .object({
    /** Seconds to wait before each attempt of a stage that could not run; its length is the attempts (--no-wait skips the waits). */
    backoff: z.array(z.number().min(0)).min(1).default([0, 90, 300]),
    /** Deadline of a whole run, in seconds (--timeout). */
    timeout_sec: z.number().int().positive().default(3600),
    /** Line-coverage points build 2 may lose against build 1 before the run fails. */
    max_coverage_drop: z.number().min(0).default(5),
    /** Red self-checks (code attempts, fixes that end red, red prechecks) a run may have before it stops. */
    max_self_check_failures: z.number().int().min(0).default(3),
    /** heal fix runs per build before the loop gives up on it (or, with a model, starts a new code cycle). */
    max_fix_rounds: z.number().int().positive().default(2),
    /** Code cycles per run, the first included: a regression the fixer cannot fix starts another. */
    max_code_cycles: z.number().int().positive().default(2),
    /** Stop when the run has used this many model tokens (--max-tokens-total). */
    max_tokens_total: z.number().int().positive().optional(),
    /** Stop when the run has cost this many US dollars (--max-cost). */
    max_cost_usd: z.number().positive().optional(),
  })
  .strict();
export type LoopConfig = z.infer<typeof LoopConfig>;

export const HealConfig = z
  .object({
    /** Python interpreter that has pytest/coverage; default: the first candidate that does. */
    python: z.string().min(1).optional(),
    build: BuildConfig.default(BuildConfig.parse({})),
    plan_tests: PlanTestsConfig.default(PlanTestsConfig.parse({})),
    /** The OpenAI-compatible model heal asks; absent means builtin engines only. */
    model: ModelConfig.optional(),
    /** Size caps for patches heal applies, and protected paths they may touch anyway. */
    patch: PatchPolicy.default(PatchPolicy.parse({})),
    /** heal loop's retries, guards and limits. */
    loop: LoopConfig.default(LoopConfig.parse({})),
    /**
     * auto: run model-written code (and patch files) in the bubblewrap sandbox, refusing when it
     * cannot start; bwrap: sandbox every command; none: never (HEAL_SANDBOX, --no-sandbox).
     */
    sandbox: SandboxMode.default('auto'),
  })
  .strict();
export type HealConfig = z.infer<typeof HealConfig>;

export type StepName = z.infer<typeof StepName>;
