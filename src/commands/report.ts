import { readArtefact } from '../artefacts/artefact-io.js';
import { BuildReport } from '../artefacts/build-report.js';

export interface ReportOptions {
  /** Absolute path of the build report to read. */
  file: string;
}

/** Reads and schema-checks an existing build report (e.g. one a CI job downloaded). */
export async function report(options: ReportOptions): Promise<BuildReport> {
  return readArtefact(options.file, BuildReport, 'build report');
}
