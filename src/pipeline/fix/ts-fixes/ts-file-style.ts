import type TS from 'typescript';

/** Formatting that matches the file: its line ending, and tabs, or 2 spaces when it indents by 2, else 4. */
export function detectFormatSettings(ts: typeof TS, text: string): TS.FormatCodeSettings {
  const settings = ts.getDefaultFormatCodeSettings(text.includes('\r\n') ? '\r\n' : '\n');
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((match) => match[1] ?? '');
  if (indents.some((indent) => indent.startsWith('\t'))) return { ...settings, convertTabsToSpaces: false };
  const size = indents.some((indent) => indent.length === 2) ? 2 : 4;
  return { ...settings, indentSize: size, tabSize: size };
}

/**
 * The quotes the file writes strings with. TypeScript's own 'auto' looks only at existing imports
 * and falls back to double quotes, which would put `"./slug"` in a file that quotes everything `'`.
 */
export function detectQuotePreference(ts: typeof TS, sourceFile: TS.SourceFile): 'single' | 'double' | 'auto' {
  const find = (node: TS.Node): 'single' | 'double' | undefined => {
    if (ts.isStringLiteral(node)) return sourceFile.text[node.getStart(sourceFile)] === "'" ? 'single' : 'double';
    return ts.forEachChild(node, find);
  };
  const firstImport = sourceFile.statements.find((statement) => ts.isImportDeclaration(statement));
  return firstImport ? 'auto' : (find(sourceFile) ?? 'auto');
}
