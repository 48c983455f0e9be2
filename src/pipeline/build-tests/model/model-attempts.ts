import { redactSecretsInText } from '../../../patch/secret-scan.js';
import type { GeneratedTestRecord } from '../../../artefacts/generated-tests.js';
import type { TestSpec } from '../../../artefacts/testspec.js';
import type { ModelClient } from '../../../model/model-client.js';
import type { ModelSettings } from '../../../model/model-config.js';
import type { ReadFile } from '../../fix/types.js';
import type { LineMap } from '../coverage-gain.js';
import type { TestContext } from '../read-test-context.js';
import { testFileFor } from '../test-paths.js';
import type { ProposedFile } from '../validate-candidates.js';
import { proposeModelTests } from './model-tests.js';
import { excerptLines, writeTestPrompt, type PromptFile, type TestFeedback } from './test-prompt.js';

export interface ModelAttemptsOptions {
  client: ModelClient;
  settings: ModelSettings;
  spec: TestSpec;
  context: TestContext;
  dir: string;
  readFile: ReadFile;
  attempts: number;
  /** Every test record so far (read, to find the cases still open). */
  records: readonly GeneratedTestRecord[];
  open: LineMap;
  validate(files: ProposedFile[]): Promise<{ records: GeneratedTestRecord[] }>;
  onAttempt?(number: number): void;
}

export interface ModelAttemptsOutcome {
  attempts: number;
  notes: string[];
  /** The model error that ended the attempts early, if any. */
  modelError: string | null;
  /** Each written file's text before the first attempt touched it (null: new). */
  before: Map<string, string | null>;
}

const MAX_HELPERS = 4;

/** The cases still worth a test: their target has lines no kept test reached, and no kept test serves them. */
function openCases(options: ModelAttemptsOptions) {
  const served = new Set(options.records.filter((record) => record.status === 'kept').map((record) => record.case));
  return options.spec.cases.filter((testCase) => !served.has(testCase.name) && (options.open.get(testCase.target_path)?.size ?? 0) > 0);
}

async function readPromptFiles(options: ModelAttemptsOptions, cases: ReturnType<typeof openCases>) {
  const sources: PromptFile[] = [];
  for (const testCase of cases) {
    if (sources.some((source) => source.path === `${testCase.target_path}:${testCase.line_range[0]}`)) continue;
    const text = await options.readFile(testCase.target_path);
    if (text !== null) sources.push({ path: `${testCase.target_path}:${testCase.line_range[0]}`, text: excerptLines(text, testCase.line_range) });
  }
  const example = options.context.style.example === null ? null : await options.readFile(options.context.style.example);
  const helpers: PromptFile[] = [];
  for (const path of options.context.helpers.slice(0, MAX_HELPERS)) {
    const text = await options.readFile(path);
    if (text !== null) helpers.push({ path, text });
  }
  return { sources, example: example === null || options.context.style.example === null ? null : { path: options.context.style.example, text: example }, helpers };
}

/**
 * Up to `attempts` rounds: ask for tests for the open cases, validate them, and show the next round
 * which tests were dropped and why. Stops early when every case is served or the model fails.
 */
export async function runModelAttempts(options: ModelAttemptsOptions): Promise<ModelAttemptsOutcome> {
  const notes: string[] = [];
  const before = new Map<string, string | null>();
  const project = options.spec.toolchain.root;
  const prefix = project === '.' ? '' : `${project}/`;
  let feedback: TestFeedback[] = [];
  let made = 0;
  let modelError: string | null = null;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const cases = openCases(options);
    if (cases.length === 0) break;
    made = attempt;
    options.onAttempt?.(attempt);
    const taken = new Set(options.context.projectFiles);
    const testFiles = new Map(cases.map((testCase) => [testCase.target_path, `${prefix}${testFileFor(options.context.style, testCase.target_path.slice(prefix.length), taken)}`]));
    const files = await readPromptFiles(options, cases);
    const messages = writeTestPrompt({ cases, ...files, style: options.context.style, testFiles, format: options.settings.editFormat, feedback });
    const proposal = await proposeModelTests({ client: options.client, messages, format: options.settings.editFormat, dir: options.dir, cases });
    if (!proposal.ok) {
      if (proposal.kind === 'model-error') {
        modelError = proposal.error.message;
        notes.push(`model error on attempt ${attempt}: ${proposal.error.message}`);
        break;
      }
      notes.push(`attempt ${attempt}: the reply could not be used: ${proposal.message}`);
      feedback = [{ file: '(reply)', name: '(all)', status: 'unusable', reason: redactSecretsInText(proposal.message) }];
      continue;
    }
    notes.push(...proposal.notes.map((note) => `attempt ${attempt}: ${note}`));
    for (const file of proposal.files) if (!before.has(file.path)) before.set(file.path, file.before);
    const validated = await options.validate(proposal.files.map((file) => ({ ...file, engine: 'model', attempt })));
    feedback = validated.records.filter((record) => record.status !== 'kept').map((record) => ({ file: record.file, name: record.name, status: record.status, reason: redactSecretsInText(record.reason) }));
  }
  return { attempts: made, notes, before, modelError };
}
