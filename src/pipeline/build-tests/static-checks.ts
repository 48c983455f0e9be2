import { listPythonBlocks, scanPythonLines, type PythonBlock, type PythonLine } from './test-blocks-python.js';

/** Fixtures pytest itself (and pytest-cov) provides to every test. */
export const PYTEST_BUILTIN_FIXTURES: ReadonlySet<string> = new Set([
  'cache', 'capfd', 'capfdbinary', 'caplog', 'capsys', 'capsysbinary', 'doctest_namespace', 'monkeypatch',
  'pytestconfig', 'record_property', 'record_testsuite_property', 'record_xml_attribute', 'recwarn', 'request',
  'tmp_path', 'tmp_path_factory', 'tmpdir', 'tmpdir_factory', 'testdir', 'pytester', 'subtests', 'no_cover', 'cov',
]);

/** A statement's text with its continuation lines (a multi-line decorator or signature). */
function statementText(lines: readonly PythonLine[], index: number): string {
  const parts = [lines[index]?.text ?? ''];
  for (let next = index + 1; lines[next]?.kind === 'continuation'; next += 1) parts.push(lines[next]?.text ?? '');
  return parts.join('\n');
}

/** Names of the fixtures a Python file defines (`@pytest.fixture`, `@fixture`, `name=` overrides), sorted. */
export function listPytestFixtures(text: string): string[] {
  const lines = scanPythonLines(text);
  const names = new Set<string>();
  lines.forEach((line, index) => {
    if (line.kind !== 'code' || !/^@(?:(?:pytest|pytest_asyncio)\.)?fixture\b/.test(line.text.trimStart())) return;
    const decorator = statementText(lines, index);
    const renamed = /\bname\s*=\s*(['"])(\w+)\1/.exec(decorator)?.[2];
    const header = lines.findIndex((candidate, at) => at > index && candidate.kind === 'code' && candidate.indent === line.indent && !candidate.text.trimStart().startsWith('@'));
    const defined = /^(?:async\s+)?def\s+(\w+)/.exec(lines[header]?.text.trimStart() ?? '')?.[1];
    const name = renamed ?? defined;
    if (name !== undefined) names.add(name);
  });
  // Fixtures can also be bound by assignment: `db = pytest.fixture(make_db)`, `other_db = db`.
  for (const line of lines) {
    const assigned = line.kind === 'code' && line.indent === 0 ? /^(\w+)\s*=\s*(?:(?:pytest\.)?fixture\b|(\w+)\s*$)/.exec(line.text) : null;
    if (assigned?.[1] !== undefined && (assigned[2] === undefined || names.has(assigned[2]))) names.add(assigned[1]);
  }
  return [...names].sort();
}

/** The text inside the parentheses that open at `open`, or null when they do not close. */
function insideParentheses(text: string, open: number): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (quote !== null) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char) && (depth -= 1) === 0) return text.slice(open + 1, index);
  }
  return null;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const char of text) {
    if (quote !== null) quote = char === quote ? null : quote;
    else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  return [...parts, current.trim()].filter((part) => part !== '');
}

/** The argnames of every `parametrize` in some decorator text; null when one of them is not a literal. */
function parametrizedNames(decorators: string): string[] | null {
  const names: string[] = [];
  for (const match of decorators.matchAll(/\bparametrize\s*\(/g)) {
    const args = insideParentheses(decorators, (match.index ?? 0) + match[0].length - 1) ?? '';
    const parts = splitTopLevel(args);
    const keyword = parts.find((part) => /^argnames\s*=/.test(part));
    const argnames = (keyword ?? parts[0] ?? '').replace(/^argnames\s*=\s*/, '');
    if (!/^[([]?\s*(['"])/.test(argnames)) return null;
    const strings = [...argnames.matchAll(/(['"])(.*?)\1/g)].map((literal) => literal[2] ?? '');
    names.push(...strings.flatMap((literal) => literal.split(',')).map((name) => name.trim()).filter((name) => name !== ''));
  }
  return names;
}

/** Parameters of a def that pytest must fill: no default, not `self`/`cls`, not `*args`/`**kwargs`. */
function requiredParameters(signature: string): string[] {
  const open = signature.indexOf('(');
  const inside = open === -1 ? null : insideParentheses(signature, open);
  if (inside === null) return [];
  return splitTopLevel(inside)
    .filter((part) => !part.startsWith('*') && part !== '/' && !/^[^:=]*(:[^=]*)?=/.test(part))
    .map((part) => part.split(':')[0]?.trim() ?? '')
    .filter((name) => /^\w+$/.test(name) && name !== 'self' && name !== 'cls');
}

function headerOf(lines: readonly PythonLine[], block: PythonBlock): { decorators: string; signature: string } {
  const decorators = lines.slice(block.startLine - 1, block.headerLine - 1).map((line) => line.text).join('\n');
  return { decorators, signature: statementText(lines, block.headerLine - 1) };
}

/**
 * For each pytest test, the parameters that no fixture (given, builtin or defined in the file) nor
 * `parametrize` provides. Tests whose arguments heal cannot account for (`@given`, a computed
 * argnames, `pytest_generate_tests`) are left out. Tests in file order, fixture names sorted.
 */
export function findUndefinedFixtures(text: string, available: ReadonlySet<string>): Array<{ test: string; fixtures: string[] }> {
  if (/^\s*def\s+pytest_generate_tests\b/m.test(text)) return [];
  const lines = scanPythonLines(text);
  const defined = new Set([...available, ...PYTEST_BUILTIN_FIXTURES, ...listPytestFixtures(text)]);
  const findings: Array<{ test: string; fixtures: string[] }> = [];
  const visit = (blocks: readonly PythonBlock[], inherited: string): void => {
    for (const block of blocks) {
      const { decorators, signature } = headerOf(lines, block);
      if (block.kind === 'suite') {
        visit(block.children, `${inherited}\n${decorators}`);
        continue;
      }
      const allDecorators = `${inherited}\n${decorators}`;
      const parametrized = parametrizedNames(allDecorators);
      if (parametrized === null || /^\s*@(?:hypothesis\.)?given\b/m.test(decorators)) continue;
      // mock.patch decorators pass their mocks positionally, ahead of the fixtures.
      const patched = [...decorators.matchAll(/^\s*@(?:\w+\.)*patch(?:\.object)?\s*\(/gm)].filter((match) => {
        const args = insideParentheses(decorators, (match.index ?? 0) + match[0].length - 1) ?? '';
        return !/\bnew\s*=/.test(args);
      }).length;
      const missing = requiredParameters(signature)
        .slice(patched)
        .filter((name) => !defined.has(name) && !parametrized.includes(name));
      if (missing.length > 0) findings.push({ test: block.name, fixtures: [...new Set(missing)].sort() });
    }
  };
  visit(listPythonBlocks(text), '');
  return findings;
}

/** A call that makes a test nondeterministic, and what in the file makes it repeatable again. */
interface Source {
  pattern: RegExp;
  phrase: (match: RegExpExecArray) => string;
  seededBy: RegExp;
  /** The file must contain this for the pattern to mean the source (`import random`, not numpy's). */
  requires?: RegExp;
}

const NEVER = /(?!)/;
const PATCHED = (target: string) => new RegExp(`\\b(?:patch(?:\\.object)?|setattr|spyOn)\\(\\s*[^)\\n]*\\b(?:${target})\\b`);
const JS_CLOCK = /\buseFakeTimers\b|\bsetSystemTime\b|\bmock\.timers\b|fake-timers|\bMockDate\b|\btimekeeper\b|spyOn\(\s*(?:globalThis\.|global\.|window\.)?(?:Date|performance)\b/;
const JS_MATH = /spyOn\(\s*(?:globalThis\.|global\.)?Math\b|\bMath\.random\s*=|\bseedrandom\b/;
const JS_CRYPTO = /spyOn\(\s*(?:globalThis\.|global\.)?crypto\b|\b(?:vi|jest)\.(?:mock|doMock)\(\s*['"](?:node:)?crypto['"]|mock\.method\(\s*crypto\b/;
const JS_IDS = /\b(?:vi|jest)\.(?:mock|doMock)\(\s*['"](?:uuid|nanoid)['"]/;
const fixed = (phrase: string) => () => phrase;

const JS_SOURCES: readonly Source[] = [
  { pattern: /\bMath\.random\s*\(/, phrase: fixed('Math.random()'), seededBy: JS_MATH },
  { pattern: /\bDate\.now\s*\(/, phrase: fixed('Date.now()'), seededBy: JS_CLOCK },
  { pattern: /\bnew\s+Date\b(?!\s*\(\s*[^\s)])/, phrase: fixed('new Date() without arguments'), seededBy: JS_CLOCK },
  { pattern: /\bperformance\.now\s*\(/, phrase: fixed('performance.now()'), seededBy: JS_CLOCK },
  { pattern: /\bprocess\.hrtime\b/, phrase: fixed('process.hrtime()'), seededBy: JS_CLOCK },
  { pattern: /\brandomUUID\s*\(/, phrase: fixed('crypto.randomUUID()'), seededBy: JS_CRYPTO },
  { pattern: /\bgetRandomValues\s*\(/, phrase: fixed('crypto.getRandomValues()'), seededBy: JS_CRYPTO },
  { pattern: /\brandom(Bytes|Int)\s*\(/, phrase: (match) => `crypto.random${match[1] ?? ''}()`, seededBy: JS_CRYPTO },
  { pattern: /\b(?:uuidv4|uuid\.v4|v4)\s*\(/, phrase: fixed('uuid v4()'), seededBy: JS_IDS },
  { pattern: /\bnanoid\s*\(/, phrase: fixed('nanoid()'), seededBy: JS_IDS },
  { pattern: /\bfaker\.\w+/, phrase: fixed('faker without faker.seed()'), seededBy: /\bfaker\.seed\s*\(/ },
];

const PY_CLOCK = new RegExp(`\\bfreezegun\\b|\\bfreeze_time\\b|\\btime_machine\\b|${PATCHED('time|datetime|date').source}`);
const PY_RANDOM = new RegExp(`(?<![\\w.])random\\.seed\\s*\\(|${PATCHED('random').source}`);
const PY_TIME_CALLS = 'time|time_ns|monotonic|monotonic_ns|perf_counter|perf_counter_ns';

const PY_SOURCES: readonly Source[] = [
  { pattern: new RegExp(`\\btime\\.(${PY_TIME_CALLS})\\s*\\(`), phrase: (match) => `time.${match[1] ?? ''}()`, seededBy: PY_CLOCK },
  { pattern: /\bdatetime\.(now|utcnow|today)\s*\(/, phrase: (match) => `datetime.${match[1] ?? ''}()`, seededBy: PY_CLOCK },
  { pattern: /\bdate\.today\s*\(/, phrase: fixed('date.today()'), seededBy: PY_CLOCK },
  {
    pattern: /(?<![\w.])random\.(?!seed\b|getstate\b|setstate\b)([a-z_]\w*)\s*\(/,
    phrase: (match) => `random.${match[1] ?? ''}()`,
    seededBy: PY_RANDOM,
    requires: /^[ \t]*import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*random\b(?![.\w])(?![ \t]+as\b)/m,
  },
  { pattern: /\b(?:np|numpy)\.random\.default_rng\s*\(\s*\)/, phrase: fixed('np.random.default_rng() without a seed'), seededBy: NEVER },
  {
    pattern: /\b(?:np|numpy)\.random\.(?!seed\b|default_rng\b|get_state\b|set_state\b|get_bit_generator\b)([a-z_]\w*)\s*\(/,
    phrase: (match) => `np.random.${match[1] ?? ''}()`,
    seededBy: /\b(?:np|numpy)\.random\.seed\s*\(/,
  },
  { pattern: /\buuid([14])\s*\(/, phrase: (match) => `uuid${match[1] ?? ''}()`, seededBy: PATCHED('uuid[14]?') },
  { pattern: /\burandom\s*\(/, phrase: fixed('os.urandom()'), seededBy: PATCHED('urandom') },
  { pattern: /\bsecrets\.(\w+)\s*\(/, phrase: (match) => `secrets.${match[1] ?? ''}()`, seededBy: PATCHED('secrets') },
  { pattern: /\bFaker\s*\(/, phrase: fixed('Faker() without a seed'), seededBy: /\bFaker\.seed\s*\(|\.seed_instance\s*\(/ },
];

/** Bare calls of names imported from random, time or secrets (`from random import choice`). */
function listImportedSources(fileText: string): Source[] {
  const sources: Source[] = [];
  for (const statement of fileText.matchAll(/^[ \t]*from[ \t]+(random|time|secrets)[ \t]+import[ \t]+\(?([^)\n]*)/gm)) {
    const module = statement[1] ?? '';
    for (const item of (statement[2] ?? '').split(',')) {
      const [original = '', alias] = item.trim().split(/\s+as\s+/);
      const isSource =
        module === 'time' ? new RegExp(`^(?:${PY_TIME_CALLS})$`).test(original) : module === 'secrets' || !/^(seed|Random|SystemRandom|getstate|setstate)$/.test(original);
      if (!/^\w+$/.test(original) || !isSource) continue;
      const seededBy = module === 'time' ? PY_CLOCK : module === 'random' ? new RegExp(`${PY_RANDOM.source}|(?<![\\w.])seed\\s*\\(`) : PATCHED(original);
      sources.push({ pattern: new RegExp(`(?<![\\w.])${alias ?? original}\\s*\\(`), phrase: fixed(`${module}.${original}()`), seededBy });
    }
  }
  return sources;
}

/** The end of the string literal opening at `start` (JS quotes and template, Python single and triple quotes). */
function stringEnd(text: string, start: number, isPython: boolean): number {
  const char = text[start] ?? '';
  const quote = isPython && text.startsWith(char.repeat(3), start) ? char.repeat(3) : char;
  for (let index = start + quote.length; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text.startsWith(quote, index)) return index + quote.length;
    else if (text[index] === '\n' && quote.length === 1 && quote !== '`') return index;
  }
  return text.length;
}

/** The code with comments and string contents replaced by spaces, so that only live calls match. */
function blankOutLiterals(text: string, isPython: boolean): string {
  let code = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    let end = -1;
    if (isPython ? char === '#' : text.startsWith('//', index)) end = text.indexOf('\n', index) === -1 ? text.length : text.indexOf('\n', index);
    else if (!isPython && text.startsWith('/*', index)) end = text.indexOf('*/', index + 2) === -1 ? text.length : text.indexOf('*/', index + 2) + 2;
    else if (char === '"' || char === "'" || (!isPython && char === '`')) end = stringEnd(text, index, isPython);
    if (end === -1) {
      code += char;
      index += 1;
    } else {
      // A string keeps its opening quote, so `new Date("2020-01-01")` still has an argument.
      const isString = char === '"' || char === "'" || char === '`';
      code += (isString ? char : ' ') + text.slice(index + 1, end).replace(/[^\n]/g, ' ');
      index = end;
    }
  }
  return code;
}

/**
 * The first unseeded source of nondeterminism in a test block ("Math.random()", "datetime.now()"),
 * or null. A source does not count when the file freezes the clock or seeds or mocks the generator.
 */
export function findNondeterminism(block: string, fileText: string, language: 'js' | 'ts' | 'py'): string | null {
  const isPython = language === 'py';
  const code = blankOutLiterals(block, isPython);
  const sources = isPython ? [...PY_SOURCES, ...listImportedSources(fileText)] : JS_SOURCES;
  let first: { index: number; phrase: string } | null = null;
  for (const source of sources) {
    const match = source.pattern.exec(code);
    if (match === null || source.seededBy.test(fileText) || source.requires?.test(fileText) === false) continue;
    if (first === null || match.index < first.index) first = { index: match.index, phrase: source.phrase(match) };
  }
  return first?.phrase ?? null;
}
