import type TS from 'typescript';
import { loadTypeScript } from '../../adapters/typescript.js';
import { listPythonBlocks, type PythonBlock } from './test-blocks-python.js';

/** One test in a test file, named as a focused run reports it, with 1-based inclusive lines. */
export interface TestBlock {
  /** JS: suite titles and the test title joined by " > "; pytest: "test_x" or "TestX::test_y". */
  name: string;
  startLine: number;
  endLine: number;
}

type Language = 'js' | 'ts' | 'py';
type Ts = typeof TS;

/** A test or a suite (describe, class Test*) and the characters it spans. */
interface TestNode extends TestBlock {
  kind: 'test' | 'suite';
  start: number;
  end: number;
  children: TestNode[];
  /** Holds tests heal cannot name (`it.each`, computed titles), so it is never removed whole. */
  hasUnnamedTests: boolean;
}

const TEST_CALLEES = new Set(['it', 'test', 'specify', 'fit', 'xit', 'xtest', 'xspecify']);
const SUITE_CALLEES = new Set(['describe', 'suite', 'context', 'fdescribe', 'xdescribe', 'xcontext', 'xsuite']);
const MODIFIERS = new Set(['only', 'skip', 'todo', 'concurrent', 'sequential', 'fails', 'shuffle']);

function classifyCallee(ts: Ts, callee: TS.Expression): 'test' | 'suite' | 'unnamed' | null {
  const modifiers: string[] = [];
  let node = callee;
  while (ts.isPropertyAccessExpression(node)) {
    modifiers.push(node.name.text);
    node = node.expression;
  }
  // it.each([...])("title", fn), test.skipIf(x)(...), it.each`table`(...)
  if (ts.isCallExpression(node)) return classifyCallee(ts, node.expression) === null ? null : 'unnamed';
  if (ts.isTaggedTemplateExpression(node)) return classifyCallee(ts, node.tag) === null ? null : 'unnamed';
  if (!ts.isIdentifier(node)) return null;
  const kind = TEST_CALLEES.has(node.text) ? 'test' : SUITE_CALLEES.has(node.text) ? 'suite' : null;
  if (kind === null) return null;
  return modifiers.every((modifier) => MODIFIERS.has(modifier)) ? kind : 'unnamed';
}

function statementCall(ts: Ts, node: TS.Node): TS.CallExpression | null {
  if (!ts.isExpressionStatement(node)) return null;
  let expression = node.expression;
  while (ts.isAwaitExpression(expression) || ts.isVoidExpression(expression) || ts.isParenthesizedExpression(expression)) {
    expression = expression.expression;
  }
  return ts.isCallExpression(expression) ? expression : null;
}

function collectJsNodes(ts: Ts, file: TS.SourceFile, root: TS.Node, suites: readonly string[], owner: Pick<TestNode, 'children' | 'hasUnnamedTests'>): void {
  const lineOf = (position: number) => file.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: TS.Node): void => {
    const call = statementCall(ts, node);
    const kind = call ? classifyCallee(ts, call.expression) : null;
    if (call === null || kind === null) {
      ts.forEachChild(node, visit);
      return;
    }
    const titleNode = call.arguments[0];
    const isNamed = kind !== 'unnamed' && titleNode !== undefined && (ts.isStringLiteral(titleNode) || ts.isNoSubstitutionTemplateLiteral(titleNode));
    if (kind === 'unnamed' || !isNamed) {
      owner.hasUnnamedTests = true;
      return;
    }
    const path = [...suites, titleNode.text];
    const start = node.getStart(file);
    const end = node.getEnd();
    const entry: TestNode = { kind, name: path.join(' > '), startLine: lineOf(start), endLine: lineOf(end), start, end, children: [], hasUnnamedTests: false };
    if (kind === 'suite') for (const argument of call.arguments.slice(1)) collectJsNodes(ts, file, argument, path, entry);
    owner.children.push(entry);
  };
  ts.forEachChild(root, visit);
}

async function readJsTree(text: string, language: 'js' | 'ts'): Promise<TestNode[]> {
  const ts = await loadTypeScript();
  if (ts === null) throw new Error('heal could not load the TypeScript compiler API to read test blocks');
  const isTsx = language === 'ts' && /<\/[A-Za-z]|\/>/.test(text);
  const kind = language === 'js' ? ts.ScriptKind.JS : isTsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(`heal-blocks.${language}${isTsx ? 'x' : ''}`, text, ts.ScriptTarget.Latest, false, kind);
  const root: Pick<TestNode, 'children' | 'hasUnnamedTests'> = { children: [], hasUnnamedTests: false };
  collectJsNodes(ts, file, file, [], root);
  return root.children;
}

function readPythonTree(text: string): TestNode[] {
  const lines = text.split('\n');
  const offsets: number[] = [];
  lines.reduce((offset, line) => (offsets.push(offset), offset + line.length + 1), 0);
  const toNode = (block: PythonBlock): TestNode => ({
    kind: block.kind,
    name: block.name,
    startLine: block.startLine,
    endLine: block.endLine,
    start: offsets[block.startLine - 1] ?? 0,
    end: (offsets[block.endLine - 1] ?? 0) + (lines[block.endLine - 1]?.length ?? 0),
    children: block.children.map(toNode),
    hasUnnamedTests: false,
  });
  return listPythonBlocks(text).map(toNode);
}

function readTree(text: string, language: Language): Promise<TestNode[]> {
  return language === 'py' ? Promise.resolve(readPythonTree(text)) : readJsTree(text, language);
}

function flattenTests(nodes: readonly TestNode[]): TestNode[] {
  return nodes.flatMap((node) => (node.kind === 'test' ? [node] : flattenTests(node.children)));
}

/** The tests of a test file in source order: JS/TS `it`/`test` calls within `describe`s, pytest test functions and methods. */
export async function listTestBlocks(text: string, language: Language): Promise<TestBlock[]> {
  return flattenTests(await readTree(text, language)).map(({ name, startLine, endLine }) => ({ name, startLine, endLine }));
}

/** The text of a named test (whole lines, decorators included), or null when the file has no such test. */
export async function extractTestBlock(text: string, name: string, language: Language): Promise<string | null> {
  const block = flattenTests(await readTree(text, language)).find((candidate) => candidate.name === name);
  return block ? text.split('\n').slice(block.startLine - 1, block.endLine).join('\n') : null;
}

function isSuiteRemoved(node: TestNode, names: ReadonlySet<string>): boolean {
  return (
    !node.hasUnnamedTests &&
    node.children.length > 0 &&
    node.children.every((child) => (child.kind === 'test' ? names.has(child.name) : isSuiteRemoved(child, names)))
  );
}

function allowedBlankLines(previous: string | null, next: string | null, language: Language): number {
  if (previous === null || next === null) return 0;
  if (language === 'py') {
    if (/:\s*$/.test(previous)) return 0;
    return /^\S/.test(next) ? 2 : 1;
  }
  return /[{([]\s*$/.test(previous) || /^\s*[})\]]/.test(next) ? 0 : 1;
}

/** Joins the text around a removed run of whole lines, keeping no more blank lines there than the layout allows. */
function joinAroundCut(before: string, after: string, language: Language, eol: string): string {
  const trailing = /(?<=^|\n)(?:[ \t]*\r?\n)*$/.exec(before);
  const core = before.slice(0, trailing?.index ?? before.length);
  const leading = /^(?:[ \t]*\r?\n)*/.exec(after)?.[0] ?? '';
  const rest = after.slice(leading.length);
  const previous = core === '' ? null : (core.replace(/\r?\n$/, '').split('\n').at(-1) ?? null);
  const next = rest.trim() === '' ? null : (rest.split('\n')[0] ?? null);
  const blanks = Math.max(trailing?.[0].split('\n').length ?? 1, leading.split('\n').length) - 1;
  const kept = Math.min(blanks, allowedBlankLines(previous, next, language));
  return core + eol.repeat(kept) + (next === null ? '' : rest);
}

function cut(text: string, start: number, end: number, language: Language): string {
  const lineStart = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline;
  const tail = language === 'py' ? /^[ \t]*\r?$/ : /^[ \t]*(\/\/.*)?\r?$/;
  const isWholeLines = /^[ \t]*$/.test(text.slice(lineStart, start)) && tail.test(text.slice(end, lineEnd));
  if (!isWholeLines) return text.slice(0, start) + text.slice(end);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return joinAroundCut(text.slice(0, lineStart), text.slice(newline === -1 ? text.length : newline + 1), language, eol);
}

/**
 * The file without the named tests. A describe (or `class Test*`) whose tests are all removed goes
 * too; the blank lines left behind collapse; everything else stays byte-identical.
 */
export async function removeTestBlocks(text: string, names: ReadonlySet<string>, language: Language): Promise<string> {
  const removed: TestNode[] = [];
  const collect = (nodes: readonly TestNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'test' ? names.has(node.name) : isSuiteRemoved(node, names)) removed.push(node);
      else collect(node.children);
    }
  };
  collect(await readTree(text, language));
  return removed.sort((a, b) => b.start - a.start).reduce((current, node) => cut(current, node.start, node.end, language), text);
}
