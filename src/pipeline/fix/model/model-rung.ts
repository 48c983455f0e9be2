import type { FixAttempt } from '../../../artefacts/fix-report.js';
import { gatherContext } from '../../../context/gather-context.js';
import { renderContext } from '../../../context/render-context.js';
import type { ModelClient } from '../../../model/model-client.js';
import type { ModelSettings } from '../../../model/model-config.js';
import { completeStructured } from '../../../model/structured-reply.js';
import { applyEdits } from '../../../patch/apply-edits.js';
import { parseEdits } from '../../../patch/parse-edits.js';
import type { PatchPolicy } from '../../../patch/patch-policy.js';
import { readWorktreeFile } from '../../../patch/read-worktree-file.js';
import { renderUnifiedDiff } from '../../../patch/render-diff.js';
import { validatePatch } from '../../../patch/validate-patch.js';
import { listFailures } from '../../code/compare-checks.js';
import { CodeReply } from '../../code/code-prompt.js';
import { excerptAround, writeFixPrompt, type FixPromptFailure } from './model-fix-prompt.js';
import { StopRepair, type Rung, type RungState } from '../repair-loop.js';
import type { FixCandidate, ReadFile } from '../types.js';

export interface ModelRungOptions {
  client: ModelClient;
  settings: ModelSettings;
  dir: string;
  baseSha: string;
  policy: PatchPolicy;
  readFile: ReadFile;
  python: string | null;
}

async function describeFailures(state: RungState, readFile: ReadFile): Promise<FixPromptFailure[]> {
  const tests = new Map(state.report.failed_tests.map((test) => [test.id, test]));
  const failures: FixPromptFailure[] = [];
  for (const analysis of state.analyses) {
    const test = tests.get(analysis.failureId);
    const text = analysis.location ? await readFile(analysis.location.file) : null;
    failures.push({
      analysis,
      output: test ? `${test.message}\n${test.stack}` : analysis.message,
      excerpt: analysis.location && text !== null ? { file: analysis.location.file, text: excerptAround(text, analysis.location.line) } : null,
    });
  }
  return failures;
}

function earlierAttempts(attempts: readonly FixAttempt[]) {
  return attempts
    .filter((attempt) => attempt.engine === 'model')
    .map((attempt) => ({ diff: attempt.diff, outcome: attempt.validation.ok ? attempt.result : `${attempt.validation.rule}: ${attempt.validation.message}` }));
}

/** The last rung: the model writes the minimal fix, shown the analysis, the code around it and its own earlier failures. */
export function createModelRung(options: ModelRungOptions): Rung {
  return {
    strategy: 'model',
    engine: 'model',
    budget: 1,
    calls: 3,
    async propose(state) {
      const format = options.settings.editFormat;
      const failures = await describeFailures(state, options.readFile);
      // The code under test, found from the failures' words and files, beside the excerpts around each location.
      const goal = failures.map((failure) => `${failure.analysis.message} ${failure.output.slice(0, 400)}`).join('\n');
      const paths = [...new Set(state.analyses.flatMap((analysis) => (analysis.location ? [analysis.location.file] : [])))];
      const context = renderContext(await gatherContext({ root: options.dir, goal, paths, python: options.python ?? undefined }));
      const messages = writeFixPrompt({ failures, format, context, earlier: earlierAttempts(state.attempts) });
      const reply = await completeStructured(options.client, { purpose: 'fix', json: true, messages }, CodeReply);
      if (!reply.ok) {
        const { error } = reply;
        if (error.kind === 'invalid-reply') return [refused('model reply', 'malformed', error.message, state)];
        throw new StopRepair(error.kind === 'budget' ? 'budget' : error.kind === 'cancelled' ? 'cancelled' : 'model-error', `model error: ${error.message}`);
      }
      const parsed = parseEdits(reply.value.diff, format);
      const applied = await applyEdits(parsed, readWorktreeFile(options.dir));
      if (!applied.ok) return [refused(reply.value.diff, 'not-applied', applied.failures.map((failure) => failure.message).join('\n').slice(0, 2000), state)];
      const diff = renderUnifiedDiff(applied.files);
      if (state.attempts.some((attempt) => attempt.engine === 'model' && attempt.diff === diff)) {
        throw new StopRepair('no-progress', 'the model sent the same fix as an earlier attempt');
      }
      const validation = await validatePatch({ root: options.dir, diff, files: applied.files, edits: parsed.edits, policy: options.policy, baseRef: options.baseSha });
      const candidate: FixCandidate = {
        strategy: 'model',
        rule: options.settings.model,
        description: reply.value.reasoning.split('\n')[0]?.slice(0, 200) || 'the model\'s fix',
        files: applied.files,
        targets: listFailures(state.report).map((failure) => failure.id),
      };
      if (!validation.ok) {
        const [first] = validation.rejections;
        return [{ ...candidate, refused: { rule: first?.rule ?? 'rejected', message: validation.rejections.map((r) => `${r.path ?? '(patch)'}: ${r.message}`).join('; ') } }];
      }
      return [candidate];
    },
  };
}

function refused(text: string, rule: string, message: string, state: RungState): FixCandidate {
  return { strategy: 'model', rule, description: text.split('\n')[0]?.slice(0, 120) ?? '', files: [], targets: listFailures(state.report).map((failure) => failure.id), refused: { rule, message } };
}
