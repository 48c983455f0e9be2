import type { TestCase } from '../../../artefacts/testspec.js';
import type { ChatMessage, ModelClient } from '../../../model/model-client.js';
import { completeStructured, type StructuredError } from '../../../model/structured-reply.js';
import { applyEdits } from '../../../patch/apply-edits.js';
import { parseEdits } from '../../../patch/parse-edits.js';
import type { EditFormat } from '../../../model/model-config.js';
import { readWorktreeFile } from '../../../patch/read-worktree-file.js';
import { CodeReply } from '../../code/code-prompt.js';
import { listTestBlocks } from '../test-blocks.js';
import type { GeneratedFile } from '../types.js';
import { languageOf } from '../validate-candidates.js';

/** What one model attempt proposed: test files, or why there are none. */
export type ModelProposal =
  | { ok: true; files: Array<GeneratedFile & { before: string | null }>; notes: string[] }
  /** The reply could not be used (malformed, not applicable): the attempt proposed nothing. */
  | { ok: false; kind: 'unusable'; message: string }
  /** The model could not be reached, or the budget ran out: stop asking. */
  | { ok: false; kind: 'model-error'; error: StructuredError };

/** The case a test serves: the case whose name its own name ends with (pytest function, or JS title). */
export function matchCase(testName: string, cases: readonly TestCase[]): TestCase | null {
  const own = testName.split(/ > |::/).at(-1)?.trim() ?? testName;
  return cases.find((candidate) => own === candidate.name) ?? cases.find((candidate) => own.startsWith(candidate.name) || own.includes(candidate.name)) ?? null;
}

/**
 * Asks the model for tests and applies its edits in memory against the worktree: each changed file
 * becomes a proposed file whose tests are the blocks it did not have before. Deleted files are
 * not tests; they are reported in the notes and never applied.
 */
export async function proposeModelTests(
  input: { client: ModelClient; messages: ChatMessage[]; format: EditFormat; dir: string; cases: readonly TestCase[] },
): Promise<ModelProposal> {
  const reply = await completeStructured(input.client, { purpose: 'build-tests', json: true, messages: input.messages }, CodeReply);
  if (!reply.ok) {
    if (reply.error.kind === 'invalid-reply') return { ok: false, kind: 'unusable', message: reply.error.message };
    return { ok: false, kind: 'model-error', error: reply.error };
  }
  const parsed = parseEdits(reply.value.diff, input.format);
  const applied = await applyEdits(parsed, readWorktreeFile(input.dir));
  if (!applied.ok) return { ok: false, kind: 'unusable', message: applied.failures.map((failure) => failure.message).join('; ').slice(0, 500) };
  const notes: string[] = [];
  const files: Array<GeneratedFile & { before: string | null }> = [];
  for (const change of applied.files) {
    if (change.after === null) {
      notes.push(`the model tried to delete ${change.path}: refused`);
      continue;
    }
    const language = languageOf(change.path);
    const old = new Set(change.before === null ? [] : (await listTestBlocks(change.before, language)).map((block) => block.name));
    const blocks = (await listTestBlocks(change.after, language)).filter((block) => !old.has(block.name));
    const tests = blocks.map((block) => {
      const match = matchCase(block.name, input.cases);
      return { name: block.name, caseName: match?.name ?? null, targetId: match ? `${match.target_path}::${match.target_symbol}` : null };
    });
    if (tests.length === 0) tests.push({ name: `(${change.path})`, caseName: null, targetId: null });
    files.push({ path: change.path, text: change.after, tests, before: change.before });
  }
  return { ok: true, files, notes };
}
