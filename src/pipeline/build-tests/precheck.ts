import type { BuildReport } from '../../artefacts/build-report.js';
import type { GeneratedTestRecord } from '../../artefacts/generated-tests.js';
import type { SelfCheck } from '../../commands/self-check.js';
import { listTestBlocks } from './test-blocks.js';
import { keepOnly, languageOf } from './validate-candidates.js';

/** A kept test the full build found fault with, and why. */
export interface Offence {
  file: string;
  /** The test's name; null when the fault lies outside every test (an import), which condemns the file. */
  name: string | null;
  reason: string;
}

/**
 * Which of the new test files' tests the full build blames: failing tests in those files, and type
 * or lint errors inside them (by the test block the error's line falls in).
 */
export async function findOffences(report: BuildReport, files: ReadonlyMap<string, string>): Promise<Offence[]> {
  const offences: Offence[] = [];
  for (const test of report.failed_tests) {
    if (files.has(test.file)) offences.push({ file: test.file, name: test.name, reason: `failed in the full suite: ${test.message.split('\n')[0] ?? ''}` });
  }
  for (const diagnostic of [...report.type_errors, ...report.lint_errors]) {
    const text = files.get(diagnostic.file);
    if (text === undefined || diagnostic.severity !== 'error') continue;
    const block = (await listTestBlocks(text, languageOf(diagnostic.file))).find((candidate) => diagnostic.line >= candidate.startLine && diagnostic.line <= candidate.endLine);
    offences.push({ file: diagnostic.file, name: block?.name ?? null, reason: `${diagnostic.tool} ${diagnostic.rule} in the full build: ${diagnostic.message}` });
  }
  return offences;
}

export interface PrecheckOptions {
  check: SelfCheck;
  /** The kept tests' files and texts, repository-relative. */
  files: Map<string, string>;
  records: GeneratedTestRecord[];
  /** Writes a file (null deletes it). */
  write(path: string, text: string | null): Promise<void>;
  /** Each file's text before the run (null: new). */
  before: ReadonlyMap<string, string | null>;
}

/**
 * The whole fast suite with the kept tests in it. When it is red because of them, the offending
 * tests are dropped (as dropped-failing) and the suite runs once more.
 */
export async function runPrecheck(options: PrecheckOptions): Promise<{ report: BuildReport; file: string }> {
  let result = await options.check();
  if (result.report.status === 'PASSED') return result;
  const offences = await findOffences(result.report, options.files);
  if (offences.length === 0) return result;
  for (const offence of offences) {
    for (const record of options.records) {
      if (record.status !== 'kept' || record.file !== offence.file || (offence.name !== null && record.name !== offence.name)) continue;
      record.status = 'dropped-failing';
      record.reason = offence.reason;
    }
  }
  for (const [path, text] of options.files) {
    const dropped = new Set(options.records.filter((record) => record.file === path && record.status !== 'kept').map((record) => record.name));
    const keptAny = options.records.some((record) => record.file === path && record.status === 'kept');
    const next = keptAny ? await keepOnly(text, dropped, languageOf(path)) : (options.before.get(path) ?? null);
    await options.write(path, next);
    if (next === null || !keptAny) options.files.delete(path);
    else options.files.set(path, next);
  }
  result = await options.check();
  return result;
}
