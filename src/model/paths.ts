// Paths in task text. Backticked tokens are the author's markup; bare tokens count only when they clearly are paths.

const EXT = new Set(
  ('ts tsx js jsx mjs cjs json jsonc json5 md mdx py pyi rs go java kt kts swift rb php cs fs vb c cc cpp cxx h hh hpp ' +
    'm mm css scss sass less html htm vue svelte astro yaml yml toml ini cfg conf sql sh bash zsh fish ps1 bat cmd txt ' +
    'lock xml gradle tf tfvars hcl proto graphql gql env cmake mk dockerfile tscn tres gd ipynb csv tsv lua ex exs erl ' +
    'hs elm dart scala clj r jl vim el nix zig sol prisma rst adoc svg png jpg jpeg gif ico pem jsonl ndjson ' +
    'wasm properties plist xcconfig entitlements pbxproj storyboard xib resx csproj sln fsproj vcxproj gemspec ' +
    'mod sum bzl bazel nim v sv vhd tla als pkl cue dhall rego j2 jinja tmpl tpl hbs ejs pug njk liquid')
    .split(' '),
);
const BARE_NAMES = new Set(['Makefile', 'Dockerfile', 'Containerfile', 'Procfile', 'Gemfile', 'Rakefile', 'Justfile',
  'Jenkinsfile', 'Vagrantfile', 'LICENSE', 'CODEOWNERS', 'Brewfile', 'Taskfile']);
/** Files that live at a repository's root and are named without a directory. */
const ROOT_FILES = new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'pyproject.toml', 'setup.py', 'setup.cfg',
  'requirements.txt', 'Cargo.toml', 'Cargo.lock', 'go.mod', 'go.sum', 'Makefile', 'Dockerfile', 'Containerfile',
  'docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'README.md', 'CHANGELOG.md', 'CONTRIBUTING.md',
  'LICENSE', 'pytest.ini', 'tox.ini', 'conftest.py', 'Gemfile', 'Justfile', 'vite.config.ts', 'vitest.config.ts',
  'eslint.config.js', '.gitignore', '.env', '.env.example', 'mkdocs.yml', 'AGENTS.md', 'CLAUDE.md', 'GEMINI.md']);
/** Bare names with these extensions are files (spec.md, config.yaml); code extensions are often library names. */
const BARE_OK_EXT = /^[\w.-]+\.(?:md|mdx|json|ya?ml|toml|ini|cfg|conf|txt|lock|sql|csv|xml|html|css|scss|sh|env|proto|graphql)$/i;
// Framework names that look like files: Node.js, Next.js, Vue.js.
const NOT_FILES = /^(?:[A-Z][A-Za-z0-9]*\.js|e\.g|i\.e|etc|vs|v\d.*|\d+(?:\.\d+)*)$/;
const NOT_FILE_SEGMENT = /^(?:[A-Z][A-Za-z0-9]*\.js|e\.g|i\.e)$/;

/** Parentheses around a token go; parentheses inside a path (`app/(auth)/page.tsx`) stay. */
function unwrapParens(t: string): string {
  const open = (t.match(/\(/g) ?? []).length;
  const close = (t.match(/\)/g) ?? []).length;
  if (t.startsWith('(') && t.endsWith(')') && open === 1 && close === 1) return t.slice(1, -1);
  if (t.endsWith(')') && close > open) return t.slice(0, -1);
  if (t.startsWith('(') && open > close) return t.slice(1);
  return t;
}

export function cleanToken(token: string): string {
  return unwrapParens(token.trim().replace(/^["'[<\u0002]+|["'\]>,;:.!?\u0002]+$/g, ''))
    .replace(/^["'[<]+|["'\]>,;:.!?]+$/g, '')

    .replace(/:\d+(?:-\d+)?$/, '') // path:123-456 line ranges
    .replace(/^\.\//, '');
}

function hasKnownExt(seg: string): boolean {
  const dot = seg.lastIndexOf('.');
  if (dot < 0) return BARE_NAMES.has(seg);
  const ext = seg.slice(dot + 1).replace(/[}*]+$/, '').toLowerCase();
  return EXT.has(ext);
}

/** Is this token a file or directory path? `backticked` tokens may be extension-less directories (`src/`). */
export function isPathLike(raw: string, backticked: boolean): boolean {
  const t = cleanToken(raw);
  if (t.length < 2 || t.length > 260) return false;
  if (/\s/.test(t) || /:\/\/|^[a-z]+:/i.test(t) || /^[-=<>$%#|]/.test(t) || /[=<>|^"'`]/.test(t)) return false;
  if (NOT_FILES.test(t)) return false;
  if (/^@[\w-]+\/[\w-]+$/.test(t)) return false; // npm scope package
  const segments = t.replace(/\/+$/, '').split('/');
  const last = segments[segments.length - 1] ?? '';
  // React/Vue.js, Chart.js/D3.js; a version-like folder (`api/v1/...`) is a folder.
  if (segments.some((s) => NOT_FILE_SEGMENT.test(s))) return false;
  if (segments.length > 1 && segments.every((s) => /^\.[a-z]{1,5}$/i.test(s))) return false; // .md/.mdx
  // Shouted words (PYTEST.INI in a heading) are not paths; real upper-case names are root files.
  if (!/[a-z]/.test(t) && !ROOT_FILES.has(t)) return false;
  const chars = /^[\w.\-~/{}*,@[\]+()]+$/;
  if (t.endsWith('/')) return t.length > 1 && chars.test(t) && (backticked || t.split('/').length > 2);
  // Bare words with a dot and no slash are usually names (discord.py, socket.io, Node.js): only well-known
  // root files count without a slash or backticks.
  if (!backticked && !t.includes('/') && !ROOT_FILES.has(t) && !BARE_OK_EXT.test(t)) return false;
  if (hasKnownExt(last)) return chars.test(t) && !/^\.+$/.test(last);
  if (/^\.[a-z][\w.-]*$/i.test(last) && (backticked || t.includes('/'))) return true; // dotfiles: .python-version, .github/
  // `test/Containerfile.ci`: the author marked it as code and it has a directory: a path.
  if (backticked && t.includes('/') && /^[\w-]+\.[\w.-]+$/.test(last) && chars.test(t)) return true;
  return false;
}

/** `a/{b,c}.ts` -> `a/b.ts`, `a/c.ts` (one level, as authors write it). */
export function expandBraces(path: string): string[] {
  const m = /\{([^{}]*,[^{}]*)\}/.exec(path);
  if (!m) return [path];
  return m[1]!.split(',').flatMap((alt) => expandBraces(path.slice(0, m.index) + alt.trim() + path.slice(m.index + m[0].length)));
}

/** Split on `sep`, but not inside braces: `src/{init,update,sync}.ts` is one token. */
function splitTokens(text: string, sep: RegExp): string[] {
  const guarded = text.replace(/\{[^{}\s]*\}/g, (b) => b.replace(/,/g, '\u0001'));
  return guarded.split(sep).map((t) => t.replace(/\u0001/g, ','));
}

/** Paths in a piece of prose: backticked ones first, then bare tokens that are clearly paths. */
export function pathsInText(text: string): string[] {
  const out: string[] = [];
  const withoutCode = text.replace(/`([^`]+)`/g, (_all, code: string) => {
    for (const tok of splitTokens(code, /[\s,]+/)) if (isPathLike(tok, true)) out.push(cleanToken(tok));
    return ' ';
  });
  for (const tok of splitTokens(withoutCode, /[\s,;]+/)) if (isPathLike(tok, false)) out.push(cleanToken(tok));
  return out.flatMap(expandBraces);
}

/** An explicit file list (`[Files: a.tsx, b.tsx]`, `Files: x, y`): every token that could be a path. */
export function pathsInList(value: string): string[] {
  const paths = pathsInText(value);
  if (paths.length) return paths;
  // In a list the author said these are files: a token with a directory counts even without an extension.
  return splitTokens(value, /[\s,]+/)
    .map((t) => cleanToken(t.replace(/^`+|`+$/g, '')))
    .filter((t) => t && (isPathLike(t, true) || (t.includes('/') && /[a-z]/.test(t) && !/:\/\//.test(t) && /^[\w.\-~/{}*@[\]+()]+$/.test(t))))
    .flatMap(expandBraces);
}

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

const SYSTEM_ROOTS = /^\/(?:etc|usr|var|tmp|home|Users|opt|root|bin|sbin|dev|proc|sys|lib|mnt|private|Volumes|System|Library|srv|boot)(?:\/|$)/;

/**
 * Paths are repository-relative. A leading `/` means the repository root (PRDs write `/frontend/...`) unless it
 * names a system directory; `../`, `~` and system paths leave the repository and are refused.
 */
export function checkRepoPath(path: string, repoRoot: string | null): PathCheck {
  let p = path.replace(/\\/g, '/');
  if (repoRoot && p.startsWith(repoRoot.replace(/\/?$/, '/'))) p = p.slice(repoRoot.replace(/\/?$/, '/').length);
  if (p.startsWith('~')) return { ok: false, reason: 'is in a home directory, outside the repository' };
  if (/^[A-Za-z]:\//.test(p) || SYSTEM_ROOTS.test(p)) return { ok: false, reason: 'is an absolute path outside the repository' };
  p = p.replace(/^\/+/, '');
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return { ok: false, reason: 'leaves the repository (`..`)' };
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  if (parts.length === 0) return { ok: false, reason: 'names the repository root, not a file' };
  return { ok: true, path: parts.join('/') + (p.endsWith('/') ? '/' : '') };
}
