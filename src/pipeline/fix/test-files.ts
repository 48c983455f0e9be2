/**
 * Which repository paths are tests, by convention: one rule for the analyser (where a failure
 * stands), the validator (what a fix may touch) and fault localisation (what cannot hold the fault).
 */

const TEST_DIR = /(^|\/)(test|tests|__tests__|__mocks__|__fixtures__|__snapshots__|e2e|cypress)\/|^specs?\//;
const TEST_NAME = /\.(test|spec|e2e|e2e-spec|cy)\.[cm]?[jt]sx?$|\.snap$|^test_.*\.py$|_test\.py$|^conftest\.py$|^tests?\.py$|_test\.go$/;

/** True for test files and their support code (fixtures, mocks, conftest), by path convention. */
export function isTestFile(path: string): boolean {
  const normalized = path.replaceAll('\\', '/');
  return TEST_DIR.test(normalized) || TEST_NAME.test(normalized.split('/').at(-1) ?? normalized);
}
