import { posix } from 'node:path';
import type { NamedSymbol } from './analyse-symbol.js';
import type { FailureAnalysis, FailureCategory, FixLocation } from '../types.js';
import { isTestFile } from '../test-files.js';

/** What the sentences of a failed test are made from. */
export interface TestFacts {
  category: FailureCategory;
  errorType: string | null;
  message: string;
  named: NamedSymbol;
  location: FixLocation | null;
  testLocation: FixLocation | null;
}

type Explanation = Pick<FailureAnalysis, 'rootCause' | 'suggestedFix' | 'confidence'>;

// Python standard-library modules a NameError most often names: "never imported" is then certain.
const PYTHON_MODULES = new Set(
  'asyncio base64 collections copy csv dataclasses datetime decimal enum functools hashlib heapq io itertools json logging math operator os pathlib random re shutil statistics string subprocess sys tempfile textwrap time typing uuid'.split(' '),
);

/**
 * How much to trust the location and category, before adjustments: a NameError names its line
 * exactly; a bare assertion mismatch only says the result is wrong, not where it went wrong.
 */
const BASE_CONFIDENCE: Record<FailureCategory, number> = {
  reference: 0.9, import: 0.85, syntax: 0.85, attribute: 0.7, async: 0.7, type: 0.6, logic: 0.55,
  database: 0.5, api: 0.5, timeout: 0.4, assertion: 0.4, lint: 0.9,
};

/** `file:line`, for sentences. */
export function formatLocation(location: FixLocation | null): string {
  return location ? `${location.file}:${location.line}` : 'an unknown place';
}

/** A message cut to one readable clause, without the file prefix Babel and ts-jest put in front. */
export function shorten(message: string): string {
  const bare = message.replace(/^\S+:\d+:\d+ - error TS\d+: /, '').replace(/^(?:\/|[A-Za-z]:\/)\S*: /, '');
  return bare.length > 120 ? `${bare.slice(0, 117)}…` : bare;
}

/**
 * The category's base, halved without a location to fix; a logic or type error that never left
 * test code loses 0.15 (the cause is likely in what the test set up), and a reference, attribute
 * or import error whose name could not be read loses 0.1.
 */
function scoreConfidence(facts: TestFacts): number {
  let score = BASE_CONFIDENCE[facts.category];
  if (facts.location === null) score *= 0.5;
  else if (isTestFile(facts.location.file) && (facts.category === 'logic' || facts.category === 'type')) score -= 0.15;
  if (facts.named.symbol === null && ['reference', 'attribute', 'import'].includes(facts.category)) score -= 0.1;
  return Math.round(score * 100) / 100;
}

type Sentences = [rootCause: string, suggestedFix: string];

function explainReference(facts: TestFacts, at: string, file: string): Sentences {
  const name = facts.named.symbol;
  if (name === null) return [`An undefined name is used at ${at}: ${shorten(facts.message)}`, `Define or import the missing name in ${file}`];
  if (/before initialization|local variable/.test(facts.message)) {
    return [`\`${name}\` is read at ${at} before it is assigned`, `Assign \`${name}\` before its first use in ${file}, or read the right variable`];
  }
  if (facts.named.suggestion) return [`\`${name}\` is used at ${at} but never defined; \`${facts.named.suggestion}\` exists`, `Rename \`${name}\` to \`${facts.named.suggestion}\` in ${file}`];
  if (PYTHON_MODULES.has(name) && file.endsWith('.py')) return [`\`${name}\` is used in ${at} but never imported`, `Import \`${name}\` at the top of ${file}`];
  return [`\`${name}\` is used at ${at} but never defined or imported`, `Define \`${name}\` or import it at the top of ${file}`];
}

function explainImport(facts: TestFacts, at: string, file: string): Sentences {
  const { symbol, module } = facts.named;
  if (symbol !== null && module !== null && symbol !== module) {
    return [`\`${symbol}\` is imported from \`${module}\` at ${at}, but \`${module}\` does not export it`, `Export \`${symbol}\` from \`${module}\`, or import the name it really has in ${file}`];
  }
  if (symbol !== null && module === null) return [`\`${symbol}\` is imported at ${at} but its module does not export it`, `Export \`${symbol}\` from its module, or fix the import in ${file}`];
  if (symbol === null) return [`An import fails at ${at}: ${shorten(facts.message)}`, `Fix the import in ${file}`];
  const isPath = /^[./]/.test(symbol);
  const target = symbol.startsWith('.') && facts.location ? posix.join(posix.dirname(facts.location.file), symbol) : symbol;
  return isPath
    ? [`The module \`${symbol}\` imported at ${at} does not exist`, `Point the import in ${file} at an existing file, or create the missing module ${target}`]
    : [`The module \`${symbol}\` imported at ${at} cannot be found`, `Install \`${symbol}\` as a dependency, or fix the import in ${file}`];
}

function explainAttribute(facts: TestFacts, at: string, file: string): Sentences {
  const name = facts.named.symbol ?? 'the attribute';
  const missing = /'NoneType'|of (undefined|null)|as it is (undefined|null)/.exec(facts.message);
  if (missing) {
    const empty = /NoneType/.test(missing[0]) ? 'None' : /null/.test(missing[0]) ? 'null' : 'undefined';
    return [`\`${name}\` is read at ${at} from a value that is ${empty}`, `Make sure the value is set before \`${name}\` is read in ${file}, or handle the ${empty} case`];
  }
  if (facts.named.suggestion) return [`\`${name}\` does not exist at ${at}; \`${facts.named.suggestion}\` does`, `Rename \`${name}\` to \`${facts.named.suggestion}\` in ${file}`];
  return [`\`${name}\` is read at ${at} from an object that has no such attribute`, `Use an attribute the object has, or add \`${name}\` to it, in ${file}`];
}

function explainOther(facts: TestFacts, at: string, file: string): Sentences {
  const said = shorten(facts.message);
  const type = facts.errorType ?? 'An error';
  const test = formatLocation(facts.testLocation ?? facts.location);
  const name = facts.named.symbol;
  switch (facts.category) {
    case 'async': {
      const what = name ? `\`${name}(…)\`` : 'an async call';
      return [`${name ? `\`${name}\`` : 'An async function'} is not awaited at ${at}, so a promise or coroutine is used instead of its result`, `Await ${what} at ${at} (and make the enclosing function async)`];
    }
    case 'timeout':
      return [`The test did not finish in time (${said})`, `Find what never completes at ${at} (a missing await, resolve or callback) rather than raising the timeout`];
    case 'database':
      return [`A database call fails at ${at}: ${said}`, `Create the schema or data the code at ${at} expects (the table, column or row the message names), or fix the query`];
    case 'api':
      return [`A network call fails at ${at}: ${said}`, `Mock the request in the test, or fix the URL and error handling at ${at}`];
    case 'syntax':
      return [`${file} does not parse at ${at}: ${said}`, `Fix the syntax at ${at}`];
    case 'type':
      if (name && /is not a (function|constructor)/.test(facts.message)) {
        return [`\`${name}\` is called at ${at} but is not a function there`, `Call a function the value really has at ${at} (check the name, and the value's type)`];
      }
      if (name && /required positional argument|positional arguments? but|unexpected keyword argument/.test(facts.message)) {
        return [`\`${name}\` is called at ${at} with arguments its signature does not take: ${said}`, `Call \`${name}\` at ${at} with the arguments it takes, or change its signature`];
      }
      return [`${type} at ${at}: ${said}`, `Pass, return or call a value of the expected type at ${at}`];
    case 'assertion':
      return facts.location && !isTestFile(facts.location.file)
        ? [`An assertion in ${at} fails: ${said}`, `Fix the code before ${at} so that the asserted condition holds`]
        : [`The test at ${test} gets a result it does not expect: ${said}`, `Fix the code under test so that it returns what the assertion at ${test} expects (or the expectation, if it is wrong)`];
    default:
      return [`${type} is raised at ${at}: ${said}`, `Fix the logic at ${at} that raises ${facts.errorType ?? 'this error'} for this input, or the caller that passes it`];
  }
}

/** One-sentence root cause and fix of a failed test, and how far to trust them. */
export function explainTestFailure(facts: TestFacts): Explanation {
  const at = formatLocation(facts.location ?? facts.testLocation);
  const file = facts.location?.file ?? facts.testLocation?.file ?? 'the failing file';
  const [rootCause, suggestedFix] =
    facts.category === 'reference'
      ? explainReference(facts, at, file)
      : facts.category === 'import'
        ? explainImport(facts, at, file)
        : facts.category === 'attribute'
          ? explainAttribute(facts, at, file)
          : explainOther(facts, at, file);
  return { rootCause, suggestedFix, confidence: scoreConfidence(facts) };
}
