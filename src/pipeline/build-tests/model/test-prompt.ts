import { redactSecrets } from '../../../context/secret-rules.js';
import type { TestCase } from '../../../artefacts/testspec.js';
import type { ChatMessage } from '../../../model/model-client.js';
import type { EditFormat } from '../../../model/model-config.js';
import { writeSystemPrompt } from '../../code/code-prompt.js';
import type { TestStyle } from '../types.js';

/** A file shown to the model: the code under test around a target, an example test, a fixture file. */
export interface PromptFile {
  path: string;
  text: string;
}

/** A test of an earlier attempt that was not kept, and why. */
export interface TestFeedback {
  file: string;
  name: string;
  status: string;
  reason: string;
}

export interface TestPromptInput {
  cases: readonly TestCase[];
  /** The functions under test, each with 40 lines of context, numbered. */
  sources: readonly PromptFile[];
  style: TestStyle;
  /** An existing test file in the house style, when the repository has one. */
  example: PromptFile | null;
  /** Fixture and helper files the tests may use (conftest.py, test helpers). */
  helpers: readonly PromptFile[];
  /** Where each target's new tests go, by target path. */
  testFiles: ReadonlyMap<string, string>;
  format: EditFormat;
  feedback: readonly TestFeedback[];
}

const CONTEXT_RADIUS = 40;
const MAX_FILE_CHARS = 6000;

/** Pure: the target's lines with `radius` lines around them, numbered. */
export function excerptLines(text: string, range: readonly [number, number], radius = CONTEXT_RADIUS): string {
  const lines = text.split('\n');
  const start = Math.max(1, range[0] - radius);
  const end = Math.min(lines.length, range[1] + radius);
  const width = String(end).length;
  return lines.slice(start - 1, end).map((line, index) => `${String(start + index).padStart(width)} ${line}`).join('\n');
}

function fileBlock(file: PromptFile): string {
  return `<repository-file path="${file.path}">\n${redactSecrets(file.text.slice(0, MAX_FILE_CHARS))}\n</repository-file>`;
}

function describeStyle(style: TestStyle): string {
  const framework = style.framework === 'node-test' ? 'node:test with node:assert' : style.framework;
  if (style.language === 'py') return `Framework: pytest. Plain test functions with bare assert statements; use the fixtures listed below only.`;
  const imports = style.importsFramework ? `import the test functions from the framework as the example does` : 'use the framework globals (describe, it, expect) without importing them';
  return `Framework: ${framework}, ${style.language === 'ts' ? 'TypeScript' : 'JavaScript'}, ${style.moduleStyle === 'esm' ? 'ES module imports' : 'CommonJS require'}; ${imports}. Relative imports of sources end in "${style.importExtension}".`;
}

function describeCase(testCase: TestCase): string {
  const lines = testCase.uncovered_lines.length > 0 ? `; lines never run yet: ${testCase.uncovered_lines.join(', ')}` : '';
  return `- ${testCase.name} (${testCase.kind}, ${testCase.priority}): ${testCase.goal} [${testCase.target_path} ${testCase.target_symbol}, lines ${testCase.line_range[0]}-${testCase.line_range[1]}${lines}]`;
}

/** Pure: the messages for one test-writing attempt. */
export function writeTestPrompt(input: TestPromptInput): ChatMessage[] {
  const where = [...input.testFiles].map(([source, test]) => `- tests for ${source} go in ${test}`).join('\n');
  const naming = input.style.language === 'py' ? 'Name each test function exactly after its case (e.g. def test_parse_cents_failure).' : 'Use each case name as the title of its test (it("<case name>", ...)), inside a describe named after the function.';
  const rules = [
    'Write unit tests for the existing code below, one test per case. The tests must pass against the code as it is now: test what the code does, and do not change any source file.',
    `Add tests only in these new test files:\n${where}`,
    describeStyle(input.style),
    naming,
    'Each test must be deterministic (no randomness, clocks, sleeps, network or files outside a temporary folder) and must reach the lines the case names.',
  ];
  const parts = [rules.join('\n\n'), `Cases:\n${input.cases.map(describeCase).join('\n')}`];
  parts.push(`Code under test:\n${input.sources.map(fileBlock).join('\n')}`);
  if (input.example) parts.push(`An existing test in the house style:\n${fileBlock(input.example)}`);
  if (input.helpers.length > 0) parts.push(`Fixtures and helpers the tests may use:\n${input.helpers.map(fileBlock).join('\n')}`);
  if (input.feedback.length > 0) {
    const lines = input.feedback.map((item) => `- ${item.file} "${item.name}": ${item.status}: ${item.reason}`);
    parts.push(`Your earlier tests that were not kept, and why:\n${lines.join('\n')}\nWrite new tests for the cases still open; do not repeat those mistakes.`);
  }
  return [
    { role: 'system', content: writeSystemPrompt(input.format) },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
