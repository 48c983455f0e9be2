import type TS from 'typescript';
import type { TsProject } from './ts-language-host.js';

/** One place to ask the language service for fixes: a diagnostic's exact span and code. */
export interface TsFixRequest {
  /** Absolute, `/`-separated. */
  fileName: string;
  start: number;
  length: number;
  code: number;
  /** The diagnostic's whole message, "Did you mean …?" included. */
  message: string;
  failureId: string;
}

/** A diagnostic another tool (tsc) reported: 1-based line and column, code without "TS". */
export interface ReportedTsDiagnostic {
  fileName: string;
  line: number;
  column: number;
  code: number;
  message: string;
  failureId: string;
}

/** A file to examine with the service's own diagnostics, narrowed to a symbol or a line when known. */
export interface ExaminedTsFile {
  fileName: string;
  failureId: string;
  symbol: string | null;
  line: number | null;
}

/**
 * Requests for diagnostics tsc reported, placed on the service's own diagnostic with the same code
 * on the same line (its exact span; tsc of another version may report a column or two apart), else
 * on the identifier at the reported column.
 */
export function planReportedRequests(project: TsProject, diagnostics: readonly ReportedTsDiagnostic[]): TsFixRequest[] {
  const requests: TsFixRequest[] = [];
  for (const reported of diagnostics) {
    const text = project.readText(reported.fileName);
    if (text === undefined) continue;
    const lineStarts = listLineStarts(text);
    const lineStart = lineStarts[reported.line - 1];
    if (lineStart === undefined) continue;
    const lineEnd = lineStarts[reported.line] ?? text.length;
    const position = Math.min(lineStart + Math.max(reported.column - 1, 0), lineEnd);
    const own = listOwnDiagnostics(project, reported.fileName)
      .filter((d) => d.code === reported.code && d.start >= lineStart && d.start < lineEnd)
      .sort((a, b) => Math.abs(a.start - position) - Math.abs(b.start - position))[0];
    const length = own ? own.length : (/^[\w$#]+/.exec(text.slice(position))?.[0].length ?? 0);
    const message = own ? own.message : reported.message;
    requests.push({ fileName: reported.fileName, start: own ? own.start : position, length, code: reported.code, message, failureId: reported.failureId });
  }
  return requests;
}

/** Requests for the service's own errors in examined files, at most `maxPerFile` each. */
export function planExaminedRequests(project: TsProject, files: readonly ExaminedTsFile[], maxPerFile: number): TsFixRequest[] {
  const requests: TsFixRequest[] = [];
  for (const file of files) {
    const text = project.readText(file.fileName);
    if (text === undefined) continue;
    const lineStarts = listLineStarts(text);
    const lineStart = file.line === null ? 0 : (lineStarts[file.line - 1] ?? text.length);
    const lineEnd = file.line === null ? text.length : (lineStarts[file.line] ?? text.length);
    const found = listOwnDiagnostics(project, file.fileName).filter((d) =>
      file.symbol !== null ? d.message.includes(`'${file.symbol}'`) : d.start >= lineStart && d.start < lineEnd,
    );
    for (const d of found.slice(0, maxPerFile)) requests.push({ fileName: file.fileName, ...d, failureId: file.failureId });
  }
  return requests;
}

interface OwnDiagnostic {
  start: number;
  length: number;
  code: number;
  message: string;
}

const ownDiagnostics = new WeakMap<TS.LanguageService, Map<string, OwnDiagnostic[]>>();

function listOwnDiagnostics(project: TsProject, fileName: string): OwnDiagnostic[] {
  const byFile = ownDiagnostics.get(project.service) ?? new Map<string, OwnDiagnostic[]>();
  ownDiagnostics.set(project.service, byFile);
  const cached = byFile.get(fileName);
  if (cached) return cached;
  const { service, ts } = project;
  const all = [...service.getSyntacticDiagnostics(fileName), ...service.getSemanticDiagnostics(fileName)];
  const listed = all.flatMap((d) =>
    d.category === ts.DiagnosticCategory.Error && d.start !== undefined
      ? [{ start: d.start, length: d.length ?? 0, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }]
      : [],
  );
  byFile.set(fileName, listed);
  return listed;
}

/** Offsets where each line starts (after "\n"; "\r\n" ends with "\n" too). */
function listLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}
