// Writes JSON Schema files for every artefact and the config, from the zod schemas the code uses.
// test/unit/json-schemas.test.ts fails when the committed files are stale.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const temp = mkdtempSync(join(tmpdir(), 'heal-schemas-'));
const outfile = join(temp, 'schemas.mjs');
await build({
  entryPoints: [join(root, 'src/artefacts/json-schemas.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
const { renderSchemas } = await import(pathToFileURL(outfile).href);
for (const [name, text] of Object.entries(renderSchemas())) writeFileSync(join(root, 'schemas', name), text);
rmSync(temp, { recursive: true, force: true });
