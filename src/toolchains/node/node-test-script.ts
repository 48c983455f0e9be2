/**
 * Reads a package.json `test` script that runs node:test ("node --test test/",
 * "NODE_ENV=test node --import tsx --test 'test/**\/*.test.ts'") into the parts heal re-runs with
 * its own reporters: leading environment assignments, the user's node flags, and the test paths.
 */
export interface NodeTestScript {
  env: Record<string, string>;
  /** Node flags other than --test and reporter/coverage flags, which heal sets itself. */
  nodeArgs: string[];
  /** Test files, folders or globs, as written (unquoted). */
  paths: string[];
  /**
   * The script's `node --test …` part as written, when an unquoted glob or variable needs the shell
   * to expand it; null when the words can run as argv.
   */
  shellLine: string | null;
}

const OWN_FLAGS = /^--(test|experimental-test-coverage|test-reporter|test-reporter-destination)(=|$)/;
const FLAGS_WITH_VALUE = new Set([
  '--test-reporter',
  '--test-reporter-destination',
  '--import',
  '--require',
  '-r',
  '--loader',
  '--experimental-loader',
  '--test-name-pattern',
  '--test-skip-pattern',
  '--test-concurrency',
  '--test-timeout',
  '--conditions',
  '-C',
]);

/** Splits a command line into words, honouring single and double quotes; null on unbalanced quotes. */
export function splitWords(line: string): string[] | null {
  const words: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s"'\\]|\\.)+))/gy;
  let current = '';
  let hasWord = false;
  let index = 0;
  while (index < line.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(line);
    if (!match) return /^\s*$/.test(line.slice(index)) ? [...words, ...(hasWord ? [current] : [])] : null;
    if (match[0].length > 0 && /^\s/.test(match[0]) && hasWord) {
      words.push(current);
      current = '';
      hasWord = false;
    }
    current += match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3]?.replace(/\\(.)/g, '$1') ?? '';
    hasWord = true;
    index = pattern.lastIndex;
  }
  return hasWord ? [...words, current] : words;
}

/** The part of a script that runs `node … --test`, split at `&&`, `||` and `;`. */
function nodeTestSegment(script: string): string | null {
  const segments = script.split(/&&|\|\||;/);
  return segments.find((segment) => /(^|\s)node(\s.*)?\s--test(\s|=|$)/.test(segment)) ?? null;
}

/** Pure: the node:test invocation of a test script, or null when the script does not run node --test. */
export function parseNodeTestScript(script: string): NodeTestScript | null {
  const segment = nodeTestSegment(script);
  const words = segment === null ? null : splitWords(segment.trim());
  if (!words) return null;
  const env: Record<string, string> = {};
  let index = 0;
  for (; index < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[index] ?? ''); index += 1) {
    const [name = '', ...value] = (words[index] ?? '').split('=');
    env[name] = value.join('=');
  }
  if (words[index] !== 'node') return null;
  const nodeArgs: string[] = [];
  const paths: string[] = [];
  for (let i = index + 1; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const takesValue = FLAGS_WITH_VALUE.has(word);
    if (OWN_FLAGS.test(word)) {
      if (takesValue) i += 1;
      continue;
    }
    if (word.startsWith('-')) {
      nodeArgs.push(word);
      if (takesValue && words[i + 1] !== undefined) nodeArgs.push(words[(i += 1)] ?? '');
    } else paths.push(word);
  }
  const unquoted = (segment ?? '').replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '');
  const shellLine = /[*?[{$`~]/.test(unquoted) ? (segment ?? '').trim() : null;
  return { env, nodeArgs, paths, shellLine };
}

/** Puts words before the `node` program of a shell line and flags after it ("A=1 node x" → "A=1 c8 node --f x"). */
export function wrapNodeCall(shellLine: string, before: readonly string[], after: readonly string[]): string {
  return shellLine.replace(/(^|\s)node(?=\s|$)/, (_match, space: string) => `${space}${[...before, 'node', ...after].join(' ')}`);
}
