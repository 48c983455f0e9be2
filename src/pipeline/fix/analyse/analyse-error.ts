import type { FailedTest } from '../../../artefacts/build-report.js';

/** The error a failed test ended with, as its runner printed it. */
export interface TestError {
  /** "AssertionError", "TypeError", "sqlite3.OperationalError"; null when the runner printed no type. */
  errorType: string | null;
  /** Node's error code ("ERR_MODULE_NOT_FOUND", "ERR_ASSERTION"), when printed. */
  code: string | null;
  /** The first line of the message, without the type. */
  message: string;
  /** Message and stack together, for patterns that may sit on later lines. */
  text: string;
}

const TYPE_NAME = String.raw`(?:[A-Za-z_$][\w$]*\.)*(?:[A-Za-z_$][\w$]*(?:Error|Exception|Warning|Exit|Interrupt)|Error|Failed)`;
// "TypeError: x", "AssertionError [ERR_ASSERTION]: x", "Uncaught ReferenceError: x", a bare "asyncio.TimeoutError".
const HEADER = new RegExp(String.raw`^(?:Uncaught |E\s+)?(${TYPE_NAME})(?: \[(\w+)\])?(?:: ?(.*)|$)`);
// pytest's line under the traceback: "tests/test_x.py:13: AssertionError".
const PYTEST_TAIL = new RegExp(String.raw`^\S+\.py:\d+: (${TYPE_NAME})$`);
// pytest wraps fixture errors: failed on setup with "RuntimeError: fixture broke".
const PYTEST_PHASE = /^failed on (?:setup|teardown|call) with "(.*)"$/s;

function readFirstLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';
}

interface Header {
  errorType: string;
  code: string | null;
  message: string;
}

function readHeader(line: string): Header | null {
  const match = HEADER.exec(line.trim());
  if (!match?.[1]) return null;
  return { errorType: match[1], code: match[2] ?? null, message: (match[3] ?? '').trim() };
}

/** node:test wraps a failure as `Error [ERR_TEST_FAILURE]: … cause: AssertionError …`: the cause is the error. */
function unwrapTestFailure(header: Header, stack: string): Header {
  if (header.code !== 'ERR_TEST_FAILURE') return header;
  const cause = /^\s*cause: (.+)$/m.exec(stack)?.[1];
  return (cause ? readHeader(cause) : null) ?? header;
}

/** Reads the type, code and first message line of a failed test's error (JS or Python). */
export function readTestError(test: FailedTest): TestError {
  const rawMessage = test.message.trim();
  const message = PYTEST_PHASE.exec(rawMessage)?.[1] ?? rawMessage;
  const text = `${message}\n${test.stack}`;
  const fromMessage = readHeader(readFirstLine(message));
  const fromStack = readHeader(readFirstLine(test.stack));
  const header = fromMessage ?? (fromStack && fromStack.message !== '' && message.startsWith(fromStack.message) ? fromStack : null);
  if (header) {
    const error = unwrapTestFailure(header, test.stack);
    // esbuild puts the real error on the line under "Transform failed with 1 error:".
    const esbuild = /Transform failed with \d+ errors?:\n\S+: ERROR: (.+)/.exec(text)?.[1];
    const first = esbuild ? `Transform failed: ${esbuild}` : error.message;
    return { ...error, message: first === '' ? readFirstLine(message) || error.errorType : first, text };
  }
  const lines = test.stack.split(/\r?\n/).map((line) => line.trim());
  // A Python traceback ends with "Type: message"; pytest's long format with "path.py:N: Type".
  const last = lines.map(readHeader).filter((found): found is Header => found !== null && found.message !== '' && message.startsWith(found.message)).at(-1);
  const tail = lines.map((line) => PYTEST_TAIL.exec(line)?.[1]).filter((type): type is string => type !== undefined).at(-1);
  const code = last?.code ?? /\[(ERR_\w+)\]/.exec(test.stack)?.[1] ?? null;
  // ts-jest fails the suite with the compiler's "file:line:col - error TS2322: …".
  const compiler = /\berror (TS\d+):/.exec(text)?.[1];
  const errorType = last?.errorType ?? tail ?? compiler ?? fromStack?.errorType ?? null;
  return { errorType, code, message: readFirstLine(message) || readFirstLine(test.stack), text };
}
