import { parseSearchReplace } from './parse-search-replace.js';
import { parseUnifiedDiff } from './parse-unified-diff.js';
import type { EditFormat, ParsedEdits } from './types.js';

/**
 * Parses a model-written (or user-given) edit: pure. Tolerated sloppiness keeps the edits but marks
 * the input not well-formed; fatal problems are reported by `applyEdits` as failures.
 */
export function parseEdits(text: string, format: EditFormat): ParsedEdits {
  return format === 'diff' ? parseUnifiedDiff(text) : parseSearchReplace(text);
}
