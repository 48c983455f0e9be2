import type { Diagnostic } from '../../../artefacts/build-report.js';
import { formatLocation, shorten } from './analyse-explain.js';
import { readDiagnosticSymbol, type NamedSymbol } from './analyse-symbol.js';
import type { FailureAnalysis, FailureCategory, FixLocation } from '../types.js';

// Cannot find name / namespace (TS2304, TS2552, TS2503) and the test-runner and Node globals (TS2580-2593).
const TS_REFERENCE = new Set(['TS2304', 'TS2552', 'TS2503', 'TS2580', 'TS2581', 'TS2582', 'TS2583', 'TS2591', 'TS2593']);
// Cannot find module, no exported member, not a module, no default export, needs esModuleInterop.
const TS_IMPORT = new Set(['TS2305', 'TS2306', 'TS2307', 'TS2613', 'TS2614', 'TS2724', 'TS2792', 'TS1192', 'TS1259']);
const MYPY_IMPORT = new Set(['import', 'import-not-found', 'import-untyped']);
const LINT_REFERENCE = new Set(['F821', 'F822', 'undefined-name', 'no-undef', 'noUndeclaredVariables']);
const LINT_SYNTAX = new Set(['E999', 'E902', 'parse-error', 'syntax-error', 'invalid-syntax', 'parse']);
const FORMAT_RULES = new Set(['format']);

/**
 * Type checker findings are 'type', except names and modules that cannot be found ('reference',
 * 'import') and TS1xxx / mypy `syntax` codes ('syntax'); linter findings are 'lint', except
 * undefined names ('reference') and files that do not parse ('syntax').
 */
export function categoriseDiagnostic(diagnostic: Diagnostic, source: 'type' | 'lint'): FailureCategory {
  const { rule } = diagnostic;
  if (source === 'lint') return LINT_REFERENCE.has(rule) ? 'reference' : LINT_SYNTAX.has(rule) ? 'syntax' : 'lint';
  if (TS_REFERENCE.has(rule) || rule === 'name-defined') return 'reference';
  if (TS_IMPORT.has(rule) || MYPY_IMPORT.has(rule)) return 'import';
  if (rule === 'attr-defined' && /^Module "/.test(diagnostic.message)) return 'import';
  if (/^TS1\d{3}$/.test(rule) || rule === 'syntax') return 'syntax';
  return 'type';
}

type Sentences = [rootCause: string, suggestedFix: string];

// A promise where its value was meant: a property read, an assignment or argument, a condition, an operand.
const PROMISE_USED = /(does not exist on type|^Type|^Argument of type|since this|applied to types) 'Promise</;

function explainDiagnostic(diagnostic: Diagnostic, category: FailureCategory, named: NamedSymbol, message: string): Sentences {
  const at = formatLocation({ file: diagnostic.file, line: Math.max(1, diagnostic.line), column: 1 });
  const { file, rule, tool } = diagnostic;
  const name = named.symbol;
  const said = shorten(message);
  if (category === 'reference' && name) {
    return named.suggestion
      ? [`\`${name}\` is used at ${at} but never declared; \`${named.suggestion}\` exists`, `Rename \`${name}\` to \`${named.suggestion}\` in ${file}`]
      : [`\`${name}\` is used at ${at} but never declared or imported`, `Import or declare \`${name}\` in ${file}`];
  }
  if (category === 'import' && name) {
    return named.module && named.module !== name
      ? [`\`${name}\` is imported from \`${named.module}\` at ${at}, but \`${named.module}\` does not export it`, `Import the name \`${named.module}\` really exports${named.suggestion ? ` (\`${named.suggestion}\`)` : ''}, or export \`${name}\` from it`]
      : [`The module \`${name}\` imported at ${at} cannot be resolved`, `Fix the path of \`${name}\` in ${file}, or install the package that provides it`];
  }
  if (category === 'syntax') return [`${file} does not parse at ${at}: ${said}`, `Fix the syntax at ${at}`];
  // Kept 'type' (TypeScript's own "add missing await" fix applies), but said plainly.
  if (category === 'type' && PROMISE_USED.test(message)) {
    return [`A promise is used as its value at ${at}: an \`await\` is missing (${said})`, `Await the promise at ${at}${name ? ` before reading \`${name}\`` : ''}, making the enclosing function async if it is not`];
  }
  if (category === 'type') return [`${tool} reports ${rule} at ${at}: ${said}`, `Change the code at ${at} so that the types agree${name ? ` (\`${name}\`)` : ''}`];
  if (FORMAT_RULES.has(rule)) return [`${file} is not formatted as ${tool} expects`, `Run ${tool} on ${file} to reformat it`];
  if (/imported but unused|never used|unused/i.test(message) && name) return [`\`${name}\` is declared at ${at} but never used (${rule})`, `Remove \`${name}\` from ${file}, or use it`];
  return [`${tool} reports ${rule} at ${at}: ${said}`, `Change the code at ${at} to satisfy ${rule}`];
}

const CONFIDENCE: Partial<Record<FailureCategory, number>> = { reference: 0.9, import: 0.85, syntax: 0.9, type: 0.8, lint: 0.9 };

/** A type checker's or linter's finding as a failure analysis: the tool names the line, so the location is sure. */
export function analyseDiagnostic(diagnostic: Diagnostic, source: 'type' | 'lint'): FailureAnalysis {
  const category = categoriseDiagnostic(diagnostic, source);
  const message = diagnostic.message.split(/\r?\n/)[0]?.trim() ?? '';
  const named = readDiagnosticSymbol(message, category === 'lint');
  const location: FixLocation = { file: diagnostic.file, line: Math.max(1, diagnostic.line), column: Math.max(1, diagnostic.column) };
  const [rootCause, suggestedFix] = explainDiagnostic(diagnostic, category, named, message);
  return {
    failureId: `${diagnostic.file}:${diagnostic.rule}`,
    source,
    errorType: diagnostic.rule,
    message,
    category,
    location,
    testLocation: null,
    symbol: named.symbol,
    rootCause,
    suggestedFix,
    confidence: FORMAT_RULES.has(diagnostic.rule) ? 0.95 : (CONFIDENCE[category] ?? 0.8),
  };
}
