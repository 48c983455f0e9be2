import type { FailureCategory } from '../types.js';

/** What a message names: the identifier, the module it comes from, and the tool's own suggestion. */
export interface NamedSymbol {
  /** An undefined name, a missing attribute or export, an un-awaited function; for a missing module, its specifier. */
  symbol: string | null;
  /** The module an import names ("calc.ops", "./slug.js"), when the message gives it. */
  module: string | null;
  /** The name a "Did you mean …?" hint proposes. */
  suggestion: string | null;
}

interface Pattern {
  regex: RegExp;
  /** Take only the last dotted segment (`Client.get` → `get`). */
  isLastSegment?: boolean;
  /** The group holding the module, when there is one. */
  moduleGroup?: number;
  /** The match is the module itself (a missing module). */
  isModule?: boolean;
}

const TEST_PATTERNS: Partial<Record<FailureCategory, Pattern[]>> = {
  reference: [
    { regex: /name '(\w+)' is not defined/ },
    { regex: /(?:cannot access )?local variable '(\w+)'/ },
    { regex: /Cannot access '([\w$]+)' before initialization/ },
    { regex: /^([\w$]+) is not defined/ },
  ],
  attribute: [
    { regex: /has no attribute '(\w+)'/ },
    { regex: /\((?:reading|setting) '([^']+)'\)/ },
    { regex: /Cannot (?:read|set) property '([^']+)'/ },
    { regex: /Cannot destructure property '([^']+)'/ },
  ],
  import: [
    { regex: /cannot import name '(\w+)' from '([\w.]+)'/, moduleGroup: 2 },
    { regex: /requested module '([^']+)' does not provide an export named '([\w$]+)'/, moduleGroup: 1 },
    { regex: /"([\w$]+)" is not exported by "([^"]+)"/, moduleGroup: 2 },
    { regex: /\(0 , [\w$]+\.([\w$]+)\) is not a/ },
    { regex: /No module named '([^']+)'/, isModule: true },
    { regex: /Cannot find (?:module|package) '([^']+)'/, isModule: true },
    { regex: /Failed to resolve import "([^"]+)"/, isModule: true },
    { regex: /Failed to load url (\S+)/, isModule: true },
    { regex: /partially initialized module '([\w.]+)'/, isModule: true },
  ],
  async: [
    { regex: /coroutine '([\w.]+)' was never awaited/, isLastSegment: true },
    { regex: /<coroutine object ([\w.]+) at /, isLastSegment: true },
  ],
  type: [
    { regex: /\(\) got an unexpected keyword argument '(\w+)'/ },
    { regex: /^([\w.]+)\(\) (?:missing|takes)/, isLastSegment: true },
    { regex: /([\w$.]+) is not a (?:function|constructor|iterable)/, isLastSegment: true },
  ],
};

const DIAGNOSTIC_PATTERNS: Pattern[] = [
  { regex: /Cannot find (?:name|namespace) '([\w$]+)'/ },
  { regex: /Property '([\w$]+)' does not exist/ },
  { regex: /Module '"?([^'"]+)"?' has no exported member '([\w$]+)'/, moduleGroup: 1 },
  { regex: /'"?([^'"]+)"?' has no exported member named '([\w$]+)'/, moduleGroup: 1 },
  { regex: /Cannot find module '([^']+)'/, isModule: true },
  { regex: /Module "([\w.]+)" has no attribute "(\w+)"/, moduleGroup: 1 },
  { regex: /Name "(\w+)" is not defined/ },
  { regex: /has no attribute "(\w+)"/ },
  { regex: /(?:module named|stubs not installed for) "([\w.]+)"/i, isModule: true },
  { regex: /undefined name [`'](\w+)[`']/i },
  { regex: /[`']([\w.]+)[`'] imported but unused/, isLastSegment: true },
  { regex: /local variable '(\w+)'/ },
  { regex: /'([\w$]+)' is (?:not defined|defined but never used|assigned a value but never used)/ },
];

const SUGGESTION = /Did you mean:? '([\w$.]+)'/;
// The last group is the symbol unless it is the module's group.
function applyPattern(pattern: Pattern, text: string): NamedSymbol | null {
  const match = pattern.regex.exec(text);
  if (!match) return null;
  const groups = match.slice(1);
  const moduleIndex = (pattern.moduleGroup ?? 0) - 1;
  const raw = groups.filter((_, index) => index !== moduleIndex).at(-1) ?? null;
  const symbol = raw !== null && pattern.isLastSegment ? (raw.split('.').at(-1) ?? raw) : raw;
  const module = pattern.isModule ? symbol : moduleIndex >= 0 ? (groups[moduleIndex] ?? null) : null;
  return { symbol, module, suggestion: SUGGESTION.exec(text)?.[1] ?? null };
}

function findFirst(patterns: readonly Pattern[], text: string): NamedSymbol | null {
  for (const pattern of patterns) {
    const found = applyPattern(pattern, text);
    if (found) return found;
  }
  return null;
}

const NONE: NamedSymbol = { symbol: null, module: null, suggestion: null };

/** The symbol a failed test's message names, read with the patterns of its category. */
export function readTestSymbol(category: FailureCategory, message: string, text: string): NamedSymbol {
  const patterns = TEST_PATTERNS[category] ?? [];
  return findFirst(patterns, message) ?? findFirst(patterns, text) ?? NONE;
}

/** The symbol a type checker's or linter's message names; for a plain lint rule, else its first quoted identifier. */
export function readDiagnosticSymbol(message: string, isPlainLint: boolean): NamedSymbol {
  const found = findFirst(DIAGNOSTIC_PATTERNS, message);
  if (found || !isPlainLint) return found ?? NONE;
  const quoted = /['"`]([A-Za-z_$][\w$.]*)['"`]/.exec(message)?.[1] ?? null;
  return { ...NONE, symbol: quoted };
}
