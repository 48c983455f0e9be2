/** How a file indents: tabs or spaces, when one clearly dominates (three to one); null otherwise. */
export function detectIndentChar(text: string): 'tab' | 'space' | null {
  let tabs = 0;
  let spaces = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('\t')) tabs++;
    // ` * text` continues a block comment under a tab-indented line: not a space indent.
    else if (line.startsWith(' ') && !/^ \*/.test(line)) spaces++;
  }
  if (tabs > 0 && tabs >= spaces * 3) return 'tab';
  if (spaces > 0 && spaces >= tabs * 3) return 'space';
  return null;
}

/** The first added line indented with the other character than the file uses, or null. */
export function findIndentMismatch(before: string, added: readonly string[]): string | null {
  const style = detectIndentChar(before);
  if (style === null) return null;
  const wrong = style === 'tab' ? /^ (?! ?\*)/ : /^\t/;
  return added.find((line) => line.trim() !== '' && wrong.test(line)) ?? null;
}
