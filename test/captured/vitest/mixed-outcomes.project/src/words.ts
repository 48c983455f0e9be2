const SMALL_WORDS = new Set(["a", "an", "and", "of", "the", "to"]);

/** Number of whitespace-separated words in text. */
export function wordCount(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length;
}

/** Capitalises each word except short joining words in the middle of a title. */
export function titleCase(text: string): string {
  let words = text.toLowerCase().split(" ");
  return words
    .map((word, index) =>
      index > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(" ");
}

/** Zero-padded article number used in permalinks, e.g. 42 -> "000042". */
export function articleNumber(id: number): string {
  return String(id).padStart(6, 0);
}
