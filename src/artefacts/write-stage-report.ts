import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { writeArtefact } from './artefact-io.js';

export interface StageReportFiles<T> {
  /** The artefact's file name without extension ("fix_report"): the run folder's copies and the Markdown take it. */
  name: string;
  /** Where the user asked for the JSON artefact (`--out`); the Markdown goes beside it. */
  out: string;
  /** The run folder under `.heal/runs/` that keeps a copy of both. */
  runDir: string;
  schema: z.ZodType<T>;
  report: T;
  markdown: string;
  /** `--metrics` file and its Prometheus text, or null. */
  metrics: { file: string; text: string } | null;
}

/**
 * Writes a stage's report: the schema-checked JSON at `out`, `<name>.md` beside it, copies of both
 * in the run folder, and the metrics file. Returns the Markdown's path.
 */
export async function writeStageReport<T>(files: StageReportFiles<T>): Promise<string> {
  const markdownName = `${files.name}.md`;
  await writeArtefact(files.out, files.schema, files.report);
  await writeArtefact(join(files.runDir, `${files.name}.json`), files.schema, files.report);
  const markdownFile = join(dirname(files.out), markdownName);
  await writeFile(markdownFile, files.markdown);
  await writeFile(join(files.runDir, markdownName), files.markdown);
  if (files.metrics) {
    await mkdir(dirname(files.metrics.file), { recursive: true });
    await writeFile(files.metrics.file, files.metrics.text);
  }
  return markdownFile;
}
