import type TS from 'typescript';
import type { TsFixRequest } from './ts-fix-requests.js';
import { deletesEffects } from './ts-side-effects.js';

/** What a rule may look at to accept or rank one action. */
export interface TsFixContext {
  ts: typeof TS;
  program: TS.Program;
  request: TsFixRequest;
}

/** A TypeScript code fix heal applies on its own: its `fixName`, and why it is safe. */
export interface TsFixRule {
  fixName: string;
  reason: string;
  /** Conditions on the action beyond its name; absent: every action of the fix. */
  accepts?: (action: TS.CodeFixAction, context: TsFixContext) => boolean;
  /** Orders this fix's actions for one diagnostic, lowest first; ties keep TypeScript's order. */
  rank?: (action: TS.CodeFixAction, context: TsFixContext) => number[];
}

const TS_FILE = /\.[cm]?tsx?$/;

/**
 * The whitelist, best first when several fixes answer one diagnostic (an import of the exact name
 * beats respelling it as a near one). Fix names are TypeScript's `registerCodeFix` action names.
 * Left out on purpose: fixes that silence checks (disableJsDiagnostics' `@ts-ignore`,
 * strictClassInitialization's `!`, addConvertToUnknownForNonOverlappingTypes' `as unknown`,
 * add-type-assertion), stubs that throw or invent values (fixMissingFunctionDeclaration,
 * fixClassIncorrectlyImplementsInterface, fixMissingProperties, fixMissingAttributes), guesses
 * hardened into types (inferFromUsage), deletions that hide a likely bug (fixUnreachableCode),
 * rewrites with several plausible intents (returnValueCorrect, requireInTs, invalidImportSyntax),
 * and edits beyond source code (fixCannotFindModule's installs, fixEnableJsxFlag and other
 * tsconfig edits). Descriptions are matched in English: heal never sets TypeScript's locale.
 */
export const TS_FIX_RULES: readonly TsFixRule[] = [
  { fixName: 'import', reason: 'Imports the exact name from a module that exports it.', rank: rankImport },
  { fixName: 'spelling', reason: 'Replaces a name with the one the checker suggests ("Did you mean …?").', rank: rankSpelling },
  { fixName: 'forgottenThisPropertyAccess', reason: 'Adds the `this.` the checker says the name lacks.' },
  { fixName: 'addMissingAwaitToInitializer', reason: 'Awaits a promise where it is created, so every use sees its value.' },
  { fixName: 'addMissingAwait', reason: 'Awaits a promise used as if it were its value.' },
  { fixName: 'addMissingNewOperator', reason: 'Calling a class without `new` throws at run time.' },
  { fixName: 'addMissingConst', reason: 'Declares a loop or assignment variable that was never declared (a ReferenceError in modules).' },
  { fixName: 'fixConvertConstToLet', reason: 'The code assigns to the binding, which throws on a `const`.' },
  { fixName: 'fixMissingCallParentheses', reason: 'Calls a function tested as a condition, which is always true uncalled.' },
  { fixName: 'fixNaNEquality', reason: '`x === NaN` is always false; Number.isNaN is what it means.' },
  { fixName: 'fixAwaitInSyncFunction', reason: '`await` outside an async function cannot run at all; typecheck and tests re-check the callers.' },
  { fixName: 'addMissingAsync', reason: 'The checker found a function whose declared type must return a promise and suggests `async`.' },
  { fixName: 'fixReturnTypeInAsyncFunction', reason: 'Wraps an async function’s return type in Promise<…>: types only.' },
  { fixName: 'addVoidToPromise', reason: 'Adds `void` to a Promise type argument: types only.' },
  { fixName: 'fixImportNonExportedMember', reason: 'Exports a declaration another module imports; existing importers are unchanged.' },
  { fixName: 'convertToTypeOnlyImport', reason: 'Marks a type import `type`, as verbatimModuleSyntax requires: erased at run time.' },
  { fixName: 'convertToTypeOnlyExport', reason: 'Marks a type re-export `type`: erased at run time.' },
  { fixName: 'splitTypeOnlyImport', reason: 'Splits a default and named type-only import into two valid declarations.' },
  { fixName: 'fixOverrideModifier', reason: 'Adds or removes `override`: an annotation without run-time effect.' },
  { fixName: 'fixNoPropertyAccessFromIndexSignature', reason: '`o.k` to `o["k"]`: the same at run time.' },
  { fixName: 'add-annotation', reason: 'Writes the type the checker inferred (isolatedDeclarations): types only.' },
  {
    fixName: 'fixMissingMember',
    reason: 'Declares a class property the code already uses, with a real type (not `any`; no method stub, index signature or JS initialiser).',
    accepts: isTypedPropertyDeclaration,
  },
  {
    fixName: 'unusedIdentifier',
    reason: 'Prefixes an unused binding with `_` (preferred), or deletes one whose removal runs no code and changes no signature.',
    accepts: isSafeUnusedFix,
    rank: (action) => [action.description.startsWith('Prefix ') ? 0 : 1],
  },
  { fixName: 'fixUnusedLabel', reason: 'Removes a label nothing jumps to: the same at run time.' },
];

/** The whitelisted actions for one diagnostic, best first; empty when none is whitelisted. */
export function rankTsFixes(actions: readonly TS.CodeFixAction[], context: TsFixContext): TS.CodeFixAction[] {
  const ranked = actions.flatMap((action, order) => {
    const ruleIndex = TS_FIX_RULES.findIndex((rule) => rule.fixName === action.fixName);
    const rule = TS_FIX_RULES[ruleIndex];
    if (!rule || action.commands !== undefined || (rule.accepts && !rule.accepts(action, context))) return [];
    return [{ action, key: [ruleIndex, ...(rule.rank?.(action, context) ?? []), order] }];
  });
  return ranked.sort((a, b) => compareKeys(a.key, b.key)).map((entry) => entry.action);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Imports: from the project (relative) before a package, before a path into node_modules; named before namespace; shortest specifier. */
function rankImport(action: TS.CodeFixAction): number[] {
  const specifier = /"([^"]+)"/.exec(action.description)?.[1] ?? '';
  const origin = specifier.includes('node_modules') ? 2 : specifier === '' || specifier.startsWith('.') ? 0 : 1;
  const inserted = action.changes.flatMap((change) => change.textChanges.map((text) => text.newText)).join('\n');
  return [origin, /\*\s*as\s/.test(inserted) ? 1 : 0, specifier.length];
}

/** Spelling: the suggestion the diagnostic's own "Did you mean 'x'?" names. */
function rankSpelling(action: TS.CodeFixAction, context: TsFixContext): number[] {
  const suggested = /Did you mean '([^']+)'\?/.exec(context.request.message)?.[1];
  return [suggested !== undefined && action.description.includes(`'${suggested}'`) ? 0 : 1];
}

function isTypedPropertyDeclaration(action: TS.CodeFixAction): boolean {
  const inserted = action.changes.flatMap((change) => change.textChanges.map((text) => text.newText));
  return (
    /^Declare (?:static |private )?property /.test(action.description) &&
    action.changes.every((change) => TS_FILE.test(change.fileName)) &&
    !inserted.some((text) => /\bany\b/.test(text))
  );
}

function isSafeUnusedFix(action: TS.CodeFixAction, context: TsFixContext): boolean {
  if (action.description.startsWith('Prefix ') || action.description.startsWith('Replace \'infer')) return true;
  return !action.changes.some((change) => {
    const sourceFile = context.program.getSourceFile(change.fileName);
    const spans = change.textChanges.map((text) => ({ start: text.span.start, end: text.span.start + text.span.length }));
    return !sourceFile || deletesEffects(context.ts, sourceFile, spans);
  });
}
