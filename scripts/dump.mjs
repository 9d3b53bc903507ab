// Debug aid: print what the compiler read from a document (tasks, deps, files). Not part of the product.
import { readFileSync } from 'node:fs';
import { compile } from '../dist/compile.js';
const file = process.argv[2];
const plan = compile(readFileSync(file, 'utf8'), { file, order: process.argv[3] ?? 'auto' });
for (const t of plan.tasks) console.log(`${t.line}\t${t.id}\t${t.status}\t[${t.group ?? ''}]\t${t.agent}/${t.agentId}\t${t.title.slice(0, 60)}\tdeps=${t.deps.join(',')}\tfiles=${t.files.map((f) => f.access[0] + ':' + f.path).join(',')}\test=${t.estimateMinutes}`);
console.log(plan.order);
for (const w of plan.warnings) console.log('W', w.line, w.message);
