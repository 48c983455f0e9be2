/**
 * A small, dependency-free XML reader for JUnit reports: elements, attributes, text, CDATA,
 * character and the five predefined entity references. Comments, processing instructions and
 * the DOCTYPE are skipped. Namespaces are kept as part of names.
 */

/** An element with its attributes, child elements and its own text (CDATA included, children's not). */
export interface XmlElement {
  name: string;
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  text: string;
}

/** The input is not well-formed enough to read. */
export class XmlParseError extends Error {
  override name = 'XmlParseError';
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[^\s/>=]+/y;
const ATTRIBUTE = /\s*([^\s/>=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Replaces `&lt;`, `&#10;`, `&#x1F;`… with their characters; unknown references are kept as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

/** Parses a document and returns its root element. */
export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let index = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (index < source.length) {
    const open = source.indexOf('<', index);
    const textEnd = open === -1 ? source.length : open;
    const current = stack.at(-1);
    if (current && textEnd > index) current.text += decodeEntities(source.slice(index, textEnd));
    if (open === -1) break;
    if (source.startsWith('<!--', open)) index = skipPast(source, open, '-->');
    else if (source.startsWith('<?', open)) index = skipPast(source, open, '?>');
    else if (source.startsWith('<![CDATA[', open)) {
      const end = skipPast(source, open, ']]>');
      if (current) current.text += source.slice(open + 9, end - 3);
      index = end;
    } else if (source.startsWith('<!', open)) index = skipDeclaration(source, open);
    else if (source[open + 1] === '/') index = closeElement(source, open, stack);
    else {
      const { element, end, isSelfClosing } = readStartTag(source, open);
      if (current) current.children.push(element);
      else if (root === null) root = element;
      else throw new XmlParseError(`a second root element <${element.name}> at offset ${open}`);
      if (!isSelfClosing) stack.push(element);
      index = end;
    }
  }
  if (stack.length > 0) throw new XmlParseError(`<${stack.at(-1)?.name}> is never closed`);
  if (root === null) throw new XmlParseError('no root element');
  return root;
}

function readStartTag(source: string, open: number): { element: XmlElement; end: number; isSelfClosing: boolean } {
  NAME.lastIndex = open + 1;
  const name = NAME.exec(source)?.[0];
  if (!name) throw new XmlParseError(`a tag without a name at offset ${open}`);
  const attributes = new Map<string, string>();
  let index = NAME.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = index;
    const match = ATTRIBUTE.exec(source);
    if (!match?.[1]) break;
    attributes.set(match[1], decodeEntities(match[2] ?? match[3] ?? ''));
    index = ATTRIBUTE.lastIndex;
  }
  const close = /\s*(\/?)>/y;
  close.lastIndex = index;
  const end = close.exec(source);
  if (!end) throw new XmlParseError(`<${name}> has a malformed attribute near offset ${index}`);
  return { element: { name, attributes, children: [], text: '' }, end: close.lastIndex, isSelfClosing: end[1] === '/' };
}

function closeElement(source: string, open: number, stack: XmlElement[]): number {
  const end = source.indexOf('>', open);
  if (end === -1) throw new XmlParseError(`an unterminated end tag at offset ${open}`);
  const name = source.slice(open + 2, end).trim();
  const element = stack.pop();
  if (element?.name !== name) throw new XmlParseError(`</${name}> does not close <${element?.name ?? 'nothing'}>`);
  return end + 1;
}

function skipPast(source: string, open: number, terminator: string): number {
  const end = source.indexOf(terminator, open);
  if (end === -1) throw new XmlParseError(`unterminated markup at offset ${open}`);
  return end + terminator.length;
}

/** Skips `<!DOCTYPE …>`, including an internal subset in brackets. */
function skipDeclaration(source: string, open: number): number {
  let depth = 0;
  for (let index = open; index < source.length; index += 1) {
    const char = source[index];
    if (char === '[') depth += 1;
    else if (char === ']') depth -= 1;
    else if (char === '>' && depth <= 0) return index + 1;
  }
  throw new XmlParseError(`unterminated declaration at offset ${open}`);
}

/** Every descendant element (depth-first, document order) with this name. */
export function findElements(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) found.push(child);
    found.push(...findElements(child, name));
  }
  return found;
}
