import {
  applyEdits,
  createContext,
  type LineContext,
  type Mutation,
  type MutationLanguage,
  type MutationRule,
} from './mutate-context.js';
import { shiftOffByOne } from './mutate-bounds.js';
import { dropConditions, negateConditions } from './mutate-conditions.js';
import { swapArithmetic, swapLogical, swapRelational } from './mutate-operators.js';
import { addMissingReturn } from './mutate-return.js';
import { swapVariables } from './mutate-variables.js';

export type { MutationLanguage, MutationRule } from './mutate-context.js';

/** Where and in what language to propose edits. */
export interface MutateLineOptions {
  /** The whole file. */
  text: string;
  /** 1-based line to mutate. */
  line: number;
  language: MutationLanguage;
}

/** One candidate edit of a suspicious line, applied to the whole file. */
export interface LineMutation {
  rule: MutationRule;
  /** One line for people: "`<` → `<=` at line 7". */
  description: string;
  /** The whole file after the edit (line endings untouched). */
  after: string;
  /** The mutated line, 1-based. */
  line: number;
}

// Cheapest and likeliest first: one-token operator slips, then bounds, then structural edits.
const GENERATORS: ReadonlyArray<(context: LineContext) => Mutation[]> = [
  swapRelational,
  swapLogical,
  shiftOffByOne,
  swapArithmetic,
  negateConditions,
  dropConditions,
  swapVariables,
  addMissingReturn,
];

/**
 * Candidate edits of one line for fault-localised repair: relational, logical and arithmetic operator
 * swaps, off-by-one changes, negated or shortened conditions, a different local variable, and a
 * missing `return`. Edits touch code tokens only (never strings, template literals, comments or
 * regex literals). Deterministic order, without duplicate results or no-op edits.
 */
export function mutateLine(options: MutateLineOptions): LineMutation[] {
  const context = createContext(options.text, options.line, options.language);
  if (context === null) return [];
  const seen = new Set<string>([options.text]);
  const mutations: LineMutation[] = [];
  for (const generate of GENERATORS) {
    for (const mutation of generate(context)) {
      const after = applyEdits(options.text, mutation.edits);
      if (seen.has(after)) continue;
      seen.add(after);
      mutations.push({ rule: mutation.rule, description: mutation.description, after, line: options.line });
    }
  }
  return mutations;
}
