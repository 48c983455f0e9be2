/**
 * Just enough TOML and INI reading for detection: find a `[section]`, read a string, boolean or
 * array-of-strings value from it. Not a full parser: inline tables, dotted keys and multi-line
 * strings are ignored, which detection never needs.
 */

/** One `[section]` of a TOML or INI file and the raw text until the next header. */
export interface ConfigSection {
  /** Header with whitespace around dots removed, e.g. `tool.pytest.ini_options`, `tool:pytest`. */
  name: string;
  body: string;
}

/** A value as detection needs it: a string, a boolean, a list of strings, or the raw text. */
export type ConfigValue = string | boolean | string[];

// Header names hold no commas or brackets, so an array line like `["a", "b"]` is not a header.
const HEADER = /^\s*\[(\[?)\s*([\w.\-:*"' ]+?)\s*\]\]?\s*(?:[#;].*)?$/;

/** Splits a TOML or INI text into sections; text before the first header is the section "". */
export function splitSections(text: string): ConfigSection[] {
  const sections: Array<{ name: string; lines: string[] }> = [{ name: '', lines: [] }];
  for (const line of text.split(/\r?\n/)) {
    const header = HEADER.exec(line);
    const name = header?.[2];
    if (name !== undefined && header?.[1] === '') {
      sections.push({ name: name.replace(/\s*\.\s*/g, '.'), lines: [] });
    } else if (name !== undefined) {
      sections.push({ name: `[${name}]`, lines: [] }); // arrays of tables are never looked up
    } else {
      sections.at(-1)?.lines.push(line);
    }
  }
  return sections.map((section) => ({ name: section.name, body: section.lines.join('\n') }));
}

/** The body of the first section with this exact name, or null. */
export function findSection(text: string, name: string): string | null {
  return splitSections(text).find((section) => section.name === name)?.body ?? null;
}

/** Whether the text has the section `name` or any of its sub-tables (`name.*`). */
export function hasTable(text: string, name: string): boolean {
  return splitSections(text).some((section) => section.name === name || section.name.startsWith(`${name}.`));
}

/** Reads `key = value` from a TOML section body: strings, booleans, arrays of strings (across lines). */
export function readTomlValue(body: string, key: string): ConfigValue | null {
  const pattern = new RegExp(`^[ \\t]*["']?${escapeRegExp(key)}["']?[ \\t]*=[ \\t]*`, 'm');
  const match = pattern.exec(body);
  if (!match) return null;
  return scanTomlValue(body, match.index + match[0].length);
}

function scanTomlValue(text: string, start: number): ConfigValue | null {
  const first = text[start];
  if (first === '"' || first === "'") return scanTomlString(text, start)?.value ?? null;
  if (first === '[') return scanTomlArray(text, start);
  const raw = /^[^\r\n#]*/.exec(text.slice(start))?.[0].trim() ?? '';
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw === '' ? null : raw;
}

function scanTomlArray(text: string, start: number): string[] | null {
  const items: string[] = [];
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (char === '#') index = endOfLine(text, index);
    else if (char === '[') depth += 1;
    else if (char === ']') {
      depth -= 1;
      if (depth === 0) return items;
    } else if (char === '"' || char === "'") {
      const string = scanTomlString(text, index);
      if (!string) return null;
      if (depth === 1) items.push(string.value);
      index = string.end - 1;
    }
  }
  return null;
}

function scanTomlString(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  let value = '';
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === quote) return { value, end: index + 1 };
    if (char === '\n') return null;
    if (char === '\\' && quote === '"') {
      const next = text[index + 1] ?? '';
      value += TOML_ESCAPES[next] ?? next;
      index += 1;
    } else {
      value += char;
    }
  }
  return null;
}

const TOML_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };

function endOfLine(text: string, index: number): number {
  const end = text.indexOf('\n', index);
  return end === -1 ? text.length : end;
}

/**
 * Reads `key = value` (or `key: value`) from an INI section body, with indented continuation lines
 * joined by newlines. Keys compare case-insensitively, as configparser and iniconfig do.
 */
export function readIniValue(body: string, key: string): string | null {
  const lines = body.split(/\r?\n/);
  const pattern = new RegExp(`^${escapeRegExp(key)}\\s*[=:]\\s*(.*)$`, 'i');
  const index = lines.findIndex((line) => pattern.test(line));
  if (index === -1) return null;
  const values = [pattern.exec(lines[index] ?? '')?.[1]?.trim() ?? ''];
  for (const line of lines.slice(index + 1)) {
    if (!/^\s+\S/.test(line)) break;
    const trimmed = line.trim();
    if (!trimmed.startsWith('#') && !trimmed.startsWith(';')) values.push(trimmed);
  }
  return values.filter((value) => value !== '').join('\n');
}

/** An INI list value (newline- or comma-separated) as trimmed, non-empty items. */
export function splitIniList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
