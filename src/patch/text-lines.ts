/** One line of a file: its text and the exact ending it had ('' for a last line without newline). */
export interface FileLine {
  text: string;
  eol: string;
}

/** A file's text as lines, with what is needed to write untouched lines back byte-for-byte. */
export interface TextLines {
  lines: FileLine[];
  /** The file's dominant line ending, used for the lines heal adds. */
  eol: '\n' | '\r\n';
}

/** Splits text into lines, keeping each line's own ending (CRLF, LF, or none at the end). */
export function splitLines(text: string): TextLines {
  const lines: FileLine[] = [];
  let crlf = 0;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      lines.push({ text: text.slice(start), eol: '' });
      break;
    }
    const isCrlf = end > start && text[end - 1] === '\r';
    if (isCrlf) crlf += 1;
    lines.push({ text: text.slice(start, isCrlf ? end - 1 : end), eol: isCrlf ? '\r\n' : '\n' });
    start = end + 1;
  }
  const endings = lines.filter((line) => line.eol !== '').length;
  return { lines, eol: crlf > 0 && crlf * 2 >= endings ? '\r\n' : '\n' };
}

/** The inverse of `splitLines`. */
export function joinLines(lines: readonly FileLine[]): string {
  return lines.map((line) => line.text + line.eol).join('');
}

/** Strips a trailing carriage return, as diffs written on Windows carry. */
export function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
