// Build web/dist: bundle the app and the bench page with esbuild, copy the static files.
// Everything the page needs is in dist; nothing is loaded from elsewhere at run time.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
cpSync(join(root, 'public'), dist, { recursive: true });

await build({
  entryPoints: { app: join(root, 'src/main.js'), bench: join(root, 'src/bench.js') },
  outdir: dist,
  bundle: true,
  format: 'iife',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: !process.env.NEXUS_WEB_NOMINIFY,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log(`built ${dist}`);
