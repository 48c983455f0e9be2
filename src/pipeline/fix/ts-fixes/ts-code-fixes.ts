import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type TS from 'typescript';
import { loadTypeScript } from '../../../adapters/typescript.js';
import { toFileChanges, type TsFixScope } from './ts-fix-changes.js';
import { detectFormatSettings, detectQuotePreference } from './ts-file-style.js';
import { planExaminedRequests, planReportedRequests, type ExaminedTsFile, type ReportedTsDiagnostic, type TsFixRequest } from './ts-fix-requests.js';
import { rankTsFixes } from './ts-fix-rules.js';
import { isTsOrJsFile, openTsProjects, type TsProject } from './ts-language-host.js';
import type { FixCandidate } from '../types.js';

/** A type error to fix, as heal's build report holds tsc's (`Diagnostic` fits as is). */
export interface TsDiagnosticTarget {
  /** Relative to the repository root, with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /** "TS2304"; a diagnostic with any other rule is skipped. */
  rule: string;
  message: string;
  /** The failure it belongs to; defaults to "file:rule", as `listFailures` keys diagnostics. */
  failureId?: string;
}

/** A file to examine with the language service's own diagnostics: a test runner, not tsc, saw the failure. */
export interface TsFileTarget {
  /** Relative to the repository root, with `/`. */
  file: string;
  failureId: string;
  /** Only diagnostics whose message names this identifier ("slugify" for "slugify is not defined"). */
  symbol?: string | null;
  /** Without a symbol, only diagnostics on this 1-based line; without either, every error of the file. */
  line?: number | null;
}

/** What to fix, and where: give tsc's `diagnostics`, `files` to examine, or both. */
export interface TsCodeFixOptions {
  /** The project (the toolchain's root) inside the repository's worktree; fixes stay inside it. */
  projectDir: string;
  repoRoot: string;
  diagnostics?: readonly TsDiagnosticTarget[];
  files?: readonly TsFileTarget[];
  /** At most this many diagnostics are asked about; default 40 (an import fix may scan every export). */
  maxRequests?: number;
}

const MAX_REQUESTS = 40;
const MAX_PER_FILE = 10;
const PREFERENCES: TS.UserPreferences = {
  includeCompletionsForModuleExports: true,
  importModuleSpecifierPreference: 'shortest',
  importModuleSpecifierEnding: 'auto',
  allowTextChangesInNewFiles: false,
};

/**
 * Rung 1 of the repair ladder: TypeScript's own quick fixes, whitelisted (see TS_FIX_RULES), one
 * candidate per diagnostic with the best fix, identical candidates merged. Empty when TypeScript
 * cannot be loaded, or the project has no tsconfig.json/jsconfig.json and nothing to fix is JavaScript.
 * Cost: one language service per program (the first question parses and binds the whole program:
 * about a second for a few hundred files), then each import fix scans the exports of the program
 * and of the dependencies in package.json.
 */
export async function proposeTsCodeFixes(options: TsCodeFixOptions): Promise<FixCandidate[]> {
  const diagnostics = (options.diagnostics ?? []).filter((diagnostic) => /^TS\d+$/.test(diagnostic.rule));
  if (diagnostics.length === 0 && (options.files ?? []).length === 0) return [];
  const ts = await loadTypeScript();
  if (!ts) return [];
  const projectDir = realpathSync(options.projectDir);
  const repoRoot = realpathSync(options.repoRoot);
  const toFileName = (file: string): string | null => {
    const fileName = resolve(repoRoot, file);
    const inProject = relative(projectDir, fileName);
    return isTsOrJsFile(fileName) && !inProject.startsWith('..') ? fileName.split(sep).join('/') : null;
  };
  const reported = diagnostics.flatMap((d): ReportedTsDiagnostic[] => {
    const fileName = toFileName(d.file);
    const failureId = d.failureId ?? `${d.file}:${d.rule}`;
    return fileName ? [{ fileName, line: d.line, column: d.column, code: Number(d.rule.slice(2)), message: d.message, failureId }] : [];
  });
  const examined = (options.files ?? []).flatMap((f): ExaminedTsFile[] => {
    const fileName = toFileName(f.file);
    return fileName ? [{ fileName, failureId: f.failureId, symbol: f.symbol ?? null, line: f.line ?? null }] : [];
  });
  const targetFiles = [...new Set([...reported, ...examined].map((target) => target.fileName))];
  const candidates: FixCandidate[] = [];
  let budget = options.maxRequests ?? MAX_REQUESTS;
  for (const project of openTsProjects(ts, projectDir, targetFiles)) {
    const isMine = (target: { fileName: string }): boolean => project.targetFiles.includes(target.fileName);
    const requests = [
      ...planReportedRequests(project, reported.filter(isMine).slice(0, budget)),
      ...planExaminedRequests(project, examined.filter(isMine), MAX_PER_FILE),
    ].slice(0, budget);
    budget = Math.max(budget - requests.length, 0);
    const scope: TsFixScope = { projectDir, repoRoot, readText: project.readText };
    for (const request of requests) {
      const candidate = proposeFix(project, request, scope);
      if (candidate) candidates.push(candidate);
    }
    project.service.dispose();
  }
  return mergeDuplicates(candidates);
}

function proposeFix(project: TsProject, request: TsFixRequest, scope: TsFixScope): FixCandidate | null {
  const { ts, service } = project;
  const program = service.getProgram();
  const sourceFile = program?.getSourceFile(request.fileName);
  if (!program || !sourceFile) return null;
  let actions: readonly TS.CodeFixAction[];
  try {
    const format = detectFormatSettings(ts, sourceFile.text);
    const preferences = { ...PREFERENCES, quotePreference: detectQuotePreference(ts, sourceFile) };
    actions = service.getCodeFixesAtPosition(request.fileName, request.start, request.start + request.length, [request.code], format, preferences);
  } catch {
    // TypeScript's own assertions can fail on code it only half parses: that diagnostic gets no fix, the others still do.
    return null;
  }
  for (const action of rankTsFixes(actions, { ts, program, request })) {
    const files = toFileChanges(action.changes, scope);
    if (!files) continue;
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(request.start);
    const where = `${relative(scope.repoRoot, request.fileName).split(sep).join('/')}:${line + 1}:${character + 1}`;
    return { strategy: 'ts-code-fix', rule: action.fixName, description: `${action.description} at ${where}`, files, targets: [request.failureId] };
  }
  return null;
}

/** One candidate per resulting set of files; its targets are every failure it fixes, in first-seen order. */
function mergeDuplicates(candidates: readonly FixCandidate[]): FixCandidate[] {
  const byResult = new Map<string, FixCandidate>();
  for (const candidate of candidates) {
    const key = JSON.stringify(candidate.files.map((file) => [file.path, file.after]).sort());
    const known = byResult.get(key);
    if (known) known.targets = [...new Set([...known.targets, ...candidate.targets])];
    else byResult.set(key, { ...candidate, targets: [...candidate.targets] });
  }
  return [...byResult.values()];
}
