// Part of `npm run build`: tsc compiles only TypeScript, so the dashboard's page (src/serve/page: HTML, CSS and
// the browser script) is copied beside the compiled server, where it looks for it (dist/serve/page).
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const to = join(root, 'dist', 'serve', 'page');
rmSync(to, { recursive: true, force: true });
cpSync(join(root, 'src', 'serve', 'page'), to, { recursive: true });
// The CLI is the package's bin: `npx squad` on a fresh clone runs it through its shebang, so it must be executable.
chmodSync(join(root, 'dist', 'cli.js'), 0o755);
