/** A unified diff for js-node-test-zero-deps: adds formatPercent after formatPrice in src/format.js. */
export const ADD_PERCENT = `--- a/src/format.js
+++ b/src/format.js
@@ -1,4 +1,9 @@
 /** Formats cents as dollars: 1250 -> "$12.50". */
 export function formatPrice(cents) {
   return \`$\${(cents / 100).toFixed(2)}\`;
 }
+
+/** Formats a ratio as a percentage: 0.25 -> "25%". */
+export function formatPercent(ratio) {
+  return \`\${Math.round(ratio * 100)}%\`;
+}
`;

/** plan-tests' model reply for js-node-test-zero-deps after ADD_PERCENT: one case for formatPercent, one for applyDiscount. */
export const PERCENT_PLAN = JSON.stringify({
  cases: [
    { target: 'src/format.js::formatPercent', name: 'test_format_percent_rounds', goal: 'formatPercent(0.25) is "25%" and 0.333 rounds to "33%".', kind: 'success' },
    { target: 'src/cart.js::applyDiscount', name: 'test_apply_discount_codes', goal: 'SAVE10 takes 10% off; FIVEOFF takes 500 off from 2500 up, nothing below.', kind: 'success' },
  ],
  rationale_md: 'formatPercent is new and untested; applyDiscount prices every order.',
});

/** A new node:test file as a unified diff: one describe named after `fn`, one test titled `name`. */
export function newTestFile(path: string, source: string, fn: string, name: string, asserts: readonly string[]): string {
  const lines = [
    'import { describe, it } from "node:test";',
    'import assert from "node:assert/strict";',
    `import { ${fn} } from "../${source}";`,
    '',
    `describe("${fn}", () => {`,
    `  it("${name}", () => {`,
    ...asserts.map((line) => `    ${line}`),
    '  });',
    '});',
  ];
  return [`--- /dev/null`, `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join('\n') + '\n';
}

/** build-tests' model reply for PERCENT_PLAN: one passing test file per case. */
export const PERCENT_TESTS =
  newTestFile('test/format.heal.test.js', 'src/format.js', 'formatPercent', 'test_format_percent_rounds', ['assert.equal(formatPercent(0.25), "25%");', 'assert.equal(formatPercent(0.333), "33%");']) +
  newTestFile('test/cart.heal.test.js', 'src/cart.js', 'applyDiscount', 'test_apply_discount_codes', [
    'assert.equal(applyDiscount(2000, "SAVE10"), 1800);',
    'assert.equal(applyDiscount(3000, "FIVEOFF"), 2500);',
    'assert.equal(applyDiscount(2000, "FIVEOFF"), 2000);',
  ]);
