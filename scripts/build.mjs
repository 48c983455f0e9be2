// Bundles heal into one ESM file, dist/heal.js. `typescript` stays external: it is large and only
// loaded (lazily) by the stages that need the compiler API.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/heal.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['typescript'],
  define: { HEAL_VERSION: JSON.stringify(pkg.version) },
  banner: {
    // Bundled CommonJS dependencies call require(); give them one.
    js: "import { createRequire as __healCreateRequire } from 'node:module'; const require = __healCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
