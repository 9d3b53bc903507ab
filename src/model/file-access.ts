// How a task touches a path it names in prose: "Create X in a.py" creates it, "Update a.py" modifies it,
// "per data-model.md" and "Run quickstart.md validation" only read it.
import type { RawTask } from './types.js';

// English first, then the same verbs in Spanish, French and German ("Crear `scripts/x.ts`", "Modifier `a.py`").
export const CREATE_VERB = /^(?:create|add|new|write|generate|scaffold|initiali[sz]e|init|set ?up|bootstrap|implement|define|build|make|introduce|crear|añadir|agregar|escribir|implementar|créer|ajouter|écrire|implémenter|erstellen|anlegen|hinzufügen|schreiben|implementieren)(?![\p{L}])/iu;
export const MODIFY_VERB = /^(?:update|modify|edit|change|extend|refactor|fix|rename|wire|register|modificar|actualizar|cambiar|editar|corregir|modifier|mettre à jour|changer|corriger|ändern|aktualisieren|anpassen|bearbeiten|korrigieren)(?![\p{L}])/iu;
const READ_VERB = /^(?:run|execute|validate|verify|review|check|read|inspect|audit|follow|study|confirm)\b/i;
const READ_WORDS = /\b(?:per|see|according to|based on|following|reference|referencing|consult|read|reads|reading|against|using|as described in)\s+$/i;

/**
 * Access of a path named in prose: "Create X in a.py" creates it; "per data-model.md" and "Run quickstart.md
 * validation" only read it; a markdown file named as a source ("types from data-model.md") is read.
 */
export function verbAccess(title: string, path: string): 'create' | 'modify' | 'read' {
  const at = title.indexOf(path);
  const before = at > 0 ? title.slice(Math.max(0, at - 30), at).replace(/`/g, '') : '';
  // A document named in passing, "(... research.md R12)" or "types from data-model.md", is a source to read.
  const inParens = at > 0 && (title.slice(0, at).match(/\(/g) ?? []).length > (title.slice(0, at).match(/\)/g) ?? []).length;
  if (READ_WORDS.test(before) || (/\.md$/i.test(path) && (inParens || /\bfrom\s+$/i.test(before)))) return 'read';
  const verb = title.replace(/^\W+/, '');
  if (READ_VERB.test(verb)) return 'read';
  return CREATE_VERB.test(verb) ? 'create' : 'modify';
}

/** `context`: the sentence the paths were found in (the title, or the title and a wrapped line). */
export function addFiles(task: RawTask, paths: string[], access: 'create' | 'modify' | 'read' | null, line: number, explicit: boolean, context = task.title): void {
  for (const path of paths) {
    const known = task.files.find((f) => f.path === path);
    if (known) {
      // A path first met in passing (a bare line, a title) takes the access a file list states for it later.
      if (explicit && !known.explicit && access) Object.assign(known, { access, line, explicit });
      continue;
    }
    task.files.push({ path, access: access ?? verbAccess(context, path), line, explicit });
  }
}

/**
 * A bare file name in a title (`codex-tools.md`) that the task's own file list names in full
 * (`skills/using-superpowers/references/codex-tools.md`) is that file: one path, the list's access. A bare name the
 * file list itself gives (`Cargo.toml` beside `crates/x/Cargo.toml`) is the file at the root, kept.
 */
export function foldShortNames(task: RawTask): void {
  if (task.files.length < 2) return;
  task.files = task.files.filter((f) => f.path.includes('/') || f.explicit || !task.files.some((o) => o !== f && o.path.endsWith(`/${f.path}`)));
}
