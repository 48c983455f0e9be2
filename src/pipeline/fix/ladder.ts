import type { ProcessRunner } from '../../adapters/process-runner.js';
import type { BuildReport } from '../../artefacts/build-report.js';
import type { ModelClient } from '../../model/model-client.js';
import type { ModelSettings } from '../../model/model-config.js';
import type { PatchPolicy } from '../../patch/patch-policy.js';
import { TOOLS_BY_ID } from '../../toolchains/registry.js';
import { FILE_FAILURE_NAME } from '../../toolchains/node/test-failures.js';
import type { FixWorkspaceHandle } from './fix-workspace.js';
import type { TestRef } from './localise/focus-tests.js';
import { chooseFixers, proposeLintFixes } from './lint-autofix.js';
import { collectSpectra, rankFaults } from './localise/localise-fault.js';
import type { SuspiciousLine } from './localise/ochiai.js';
import { createModelRung } from './model/model-rung.js';
import { mutateLine, type MutationRule } from './localise/mutate-line.js';
import { proposePatternFixes } from './patterns/pattern-fixes.js';
import type { Rung, RungState } from './repair-loop.js';
import { proposeTsCodeFixes } from './ts-fixes/ts-code-fixes.js';
import type { FixCandidate } from './types.js';

export interface LadderOptions {
  workspace: FixWorkspaceHandle;
  baseSha: string;
  client: ModelClient | null;
  model: ModelSettings | null;
  policy: PatchPolicy;
  runner: ProcessRunner;
  logDir: string;
}

/** Suspicious lines tried, and mutation candidates per iteration (each costs a focused run at least). */
const FAULT_LINES = 6;
const FAULT_CANDIDATES = 40;
const AUTOFIX_TIMEOUT_MS = 300_000;
const MUTATION_ORDER: readonly MutationRule[] = ['relational-swap', 'logical-swap', 'off-by-one', 'arithmetic-swap', 'negate-condition', 'drop-condition', 'wrong-variable', 'missing-return'];
const TS_CATEGORIES = new Set(['reference', 'import', 'async', 'type', 'attribute']);

/** The failing tests as the focused runner names them (project-relative files), file-level failures left out. */
function failingTests(report: BuildReport, project: string): TestRef[] {
  const prefix = project === '.' ? '' : `${project}/`;
  return report.failed_tests
    .filter((test) => test.name !== FILE_FAILURE_NAME && test.file === test.id.split('::')[0])
    .map((test) => ({ file: test.file.startsWith(prefix) ? test.file.slice(prefix.length) : test.file, name: test.id.slice(test.file.length + 2) }));
}

function tsRung(options: LadderOptions): Rung {
  const { workspace } = options;
  return {
    strategy: 'ts-code-fix',
    engine: 'builtin',
    budget: 20,
    async propose(state: RungState) {
      const diagnostics = state.report.type_errors.filter((diagnostic) => diagnostic.tool === 'tsc');
      const files = state.analyses
        .filter((analysis) => analysis.source === 'test' && analysis.location && TS_CATEGORIES.has(analysis.category) && /\.[cm]?[jt]sx?$/.test(analysis.location.file))
        .map((analysis) => ({ file: analysis.location?.file ?? '', failureId: analysis.failureId, symbol: analysis.symbol, line: analysis.location?.line ?? null }));
      if (diagnostics.length === 0 && files.length === 0) return [];
      return proposeTsCodeFixes({ projectDir: workspace.projectDir, repoRoot: workspace.dir, diagnostics, files });
    },
  };
}

function lintRung(options: LadderOptions): Rung {
  const { workspace } = options;
  return {
    strategy: 'lint-autofix',
    engine: 'builtin',
    budget: 10,
    async propose(state) {
      const fixers = chooseFixers(state.report, TOOLS_BY_ID, (tool) => tool.planFix?.(workspace.facts) ?? null);
      if (fixers.length === 0) return [];
      const targets = state.report.lint_errors.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => `${diagnostic.file}:${diagnostic.rule}`);
      return proposeLintFixes({ fixers, repoDir: workspace.dir, projectDir: workspace.projectDir, listFiles: workspace.listFiles, runner: options.runner, timeoutMs: AUTOFIX_TIMEOUT_MS, logDir: options.logDir }, targets);
    },
  };
}

function patternRung(options: LadderOptions): Rung {
  const { workspace } = options;
  return {
    strategy: 'pattern',
    engine: 'builtin',
    budget: 20,
    propose: (state) => proposePatternFixes({ analyses: state.analyses, readFile: workspace.readFile, listFiles: workspace.listFiles }),
  };
}

function faultRung(options: LadderOptions): Rung {
  const { workspace } = options;
  return {
    strategy: 'fault-localised',
    engine: 'builtin',
    budget: FAULT_CANDIDATES,
    focus: (state) => failingTests(state.report, workspace.project),
    async propose(state) {
      const failing = failingTests(state.report, workspace.project);
      if (failing.length === 0 || !workspace.focused.canNameTests) return [];
      const spectra = await collectSpectra(workspace.focused, failing, { projectDir: workspace.projectDir, repoRoot: workspace.dir });
      if (!spectra) return [];
      const targets = state.report.failed_tests.map((test) => test.id);
      const ranked: { candidate: FixCandidate; order: number[] }[] = [];
      const suspects: { suspect: SuspiciousLine; text: string; isTopLevel: boolean }[] = [];
      for (const suspect of rankFaults(spectra, workspace.isTestFile, FAULT_LINES * 4)) {
        const text = await workspace.readFile(suspect.file);
        if (text !== null) suspects.push({ suspect, text, isTopLevel: /^\S/.test(text.split('\n')[suspect.line - 1] ?? '') });
      }
      // Module-level lines run at import in every test, so they tie with the real fault's line;
      // they get what room is left after the lines inside functions.
      const inside = suspects.filter((entry) => !entry.isTopLevel).slice(0, FAULT_LINES);
      const chosen = [...inside, ...suspects.filter((entry) => entry.isTopLevel).slice(0, Math.max(2, FAULT_LINES - inside.length))];
      for (const { suspect, text, isTopLevel } of chosen) {
        const language = suspect.file.endsWith('.py') ? 'python' : 'js';
        for (const mutation of mutateLine({ text, line: suspect.line, language })) {
          const candidate: FixCandidate = {
            strategy: 'fault-localised',
            rule: mutation.rule,
            description: `${mutation.description} in ${suspect.file} (Ochiai ${suspect.score.toFixed(2)})`,
            files: [{ path: suspect.file, kind: 'modify', before: text, after: mutation.after }],
            targets,
          };
          ranked.push({ candidate, order: [isTopLevel ? 1 : 0, MUTATION_ORDER.indexOf(mutation.rule), -suspect.score] });
        }
      }
      // Likeliest slips first over all suspicious lines, and module-level lines (constants every
      // test runs at import) last: a changed constant that passes the tests is rarely the real fix.
      const byOrder = (a: number[], b: number[]) => a.reduce((result, value, index) => result || value - (b[index] ?? 0), 0);
      const candidates = ranked.sort((a, b) => byOrder(a.order, b.order)).map((entry) => entry.candidate);
      return candidates;
    },
  };
}

/** The repair ladder, cheapest and safest rung first; the model rung only with a model. */
export function createLadder(options: LadderOptions): Rung[] {
  const rungs = [tsRung(options), lintRung(options), patternRung(options), faultRung(options)];
  if (options.client && options.model) {
    rungs.push(createModelRung({ client: options.client, settings: options.model, dir: options.workspace.dir, baseSha: options.baseSha, policy: options.policy, readFile: options.workspace.readFile, python: options.workspace.facts.python?.interpreter ?? null }));
  }
  return rungs;
}

