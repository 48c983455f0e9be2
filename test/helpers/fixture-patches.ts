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
