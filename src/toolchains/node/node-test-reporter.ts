/**
 * Source of heal's node:test reporter, written into the build's outDir and passed to
 * `node --test --test-reporter=./<path>`. It turns the runner's events into one JSON object per
 * line: test:start (for the suite path), test:pass, test:fail (with the underlying error's message
 * and stack: node wraps it in ERR_TEST_FAILURE with the real error as `cause`), test:diagnostic
 * (the summary counts) and test:stderr (the output of a test file that crashed, capped per file).
 * Events carry file, line and column on Node 20.19+, 22 and 24. Plain JS: it runs in the user's Node.
 */
export const NODE_TEST_REPORTER_SOURCE = `// Written by heal for \`heal build\`: one JSON line per node:test event heal reads.
const MAX_STDERR_LINES = 40;
const stderrLines = new Map();

function describeError(error) {
  if (error === undefined || error === null) return { failureType: null, message: '', stack: '' };
  const cause = error.cause !== undefined && error.cause !== null && typeof error.cause === 'object' ? error.cause : error;
  const message = typeof cause === 'object' && 'message' in cause ? String(cause.message) : String(cause);
  const stack = typeof cause === 'object' && typeof cause.stack === 'string' ? cause.stack : '';
  return { failureType: error.failureType ?? null, message, stack };
}

function testLine(type, data) {
  const details = data.details ?? {};
  const line = {
    type,
    name: data.name,
    nesting: data.nesting,
    file: data.file ?? null,
    line: data.line ?? null,
    column: data.column ?? null,
    isSuite: details.type === 'suite',
    isSkipped: data.skip !== undefined && data.skip !== false,
    isTodo: data.todo !== undefined && data.todo !== false,
  };
  return type === 'test:fail' ? { ...line, ...describeError(details.error) } : line;
}

export default async function* healReporter(source) {
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:start' || type === 'test:pass' || type === 'test:fail') {
      yield JSON.stringify(testLine(type, data)) + '\\n';
    } else if (type === 'test:diagnostic') {
      yield JSON.stringify({ type, nesting: data.nesting, message: String(data.message) }) + '\\n';
    } else if (type === 'test:stderr') {
      const file = data.file ?? null;
      const count = stderrLines.get(file) ?? 0;
      if (count >= MAX_STDERR_LINES) continue;
      stderrLines.set(file, count + 1);
      yield JSON.stringify({ type, file, message: String(data.message) }) + '\\n';
    }
  }
}
`;
