// Contract check for the Slack calls SecHubBot makes (issue 2):
//  1. type-checks every call body against Slack's own TypeScript types (@slack/web-api's
//     ChatPostMessageArguments and @slack/types' KnownBlock) with `tsc --noEmit --strict`;
//  2. checks Block Kit size limits and that no text could ping anyone, independently of the C# code.
// Input: a folder of files, each the stdout of `bootstrap <sample> --json --all` (a JSON array of {method, body}).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const inputDir = process.argv[2] ?? join(here, 'generated', 'calls');
const outDir = join(here, 'generated');
mkdirSync(outDir, { recursive: true });

const LIMITS = { blocks: 50, header: 150, section: 3000, fields: 10, field: 2000, context: 10, actions: 25, buttonText: 75, buttonValue: 2000, url: 3000, actionId: 255, blockId: 255, text: 40000 };
// Slack's broadcast and mention syntax; <!date^...> is the one special form we write ourselves.
const MENTION = /<!(?!date\^)|<@|<#|<!subteam/;

const problems = [];
let passed = 0;
const ts = ["import type { ChatPostMessageArguments } from '@slack/web-api';", "import type { KnownBlock } from '@slack/types';", ''];

const files = readdirSync(inputDir).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) {
  console.error(`no payload files in ${inputDir}`);
  process.exit(2);
}

files.forEach((file, fileIndex) => {
  const calls = JSON.parse(readFileSync(join(inputDir, file), 'utf8'));
  if (!Array.isArray(calls)) {
    problems.push(`${file}: not a JSON array`);
    return;
  }
  calls.forEach((call, i) => {
    const where = `${file}[${i}]`;
    const before = problems.length;
    if (call.method !== 'chat.postMessage') problems.push(`${where}: unexpected method ${call.method}`);
    checkLimits(where, call.body);
    const name = `c${fileIndex}_${i}`;
    ts.push(`// ${where}`);
    ts.push(`export const ${name}_body = ${JSON.stringify(call.body)} satisfies ChatPostMessageArguments;`);
    ts.push(`export const ${name}_blocks: KnownBlock[] = ${JSON.stringify(call.body.blocks ?? [])};`);
    if (problems.length === before) passed++;
  });
});

const tsFile = join(outDir, 'payloads.ts');
writeFileSync(tsFile, ts.join('\n') + '\n');
let typeErrors = 0;
try {
  execFileSync(process.execPath, [join(here, 'node_modules', 'typescript', 'lib', 'tsc.js'), '--noEmit', '--strict', '--target', 'es2022',
    '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', tsFile], { cwd: here, stdio: 'pipe' });
} catch (e) {
  const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
  const lines = out.split('\n').filter((l) => l.includes('error TS'));
  typeErrors = Math.max(lines.length, 1);
  console.error(out.split('\n').slice(0, 40).join('\n'));
}

for (const p of problems) console.error(`limit: ${p}`);
const failed = problems.length + typeErrors;
console.log(`type-checked ${files.length} files against @slack/web-api ChatPostMessageArguments and @slack/types KnownBlock: ${typeErrors === 0 ? 'ok' : `${typeErrors} type errors`}`);
console.log(`contract: ${typeErrors > 0 ? 0 : passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function checkLimits(where, body) {
  if (!body || typeof body.channel !== 'string' || body.channel.length === 0) problems.push(`${where}: no channel`);
  if (typeof body.text !== 'string' || body.text.length === 0) problems.push(`${where}: no fallback text`);
  else if (body.text.length > LIMITS.text) problems.push(`${where}: text ${body.text.length} > ${LIMITS.text}`);
  const blocks = body.blocks ?? [];
  if (blocks.length > LIMITS.blocks) problems.push(`${where}: ${blocks.length} blocks > ${LIMITS.blocks}`);
  blocks.forEach((b, i) => {
    const w = `${where}.blocks[${i}](${b.type})`;
    if (b.block_id && b.block_id.length > LIMITS.blockId) problems.push(`${w}: block_id too long`);
    if (b.type === 'header') max(w, b.text?.text, LIMITS.header);
    if (b.type === 'section') {
      if (b.text) max(w, b.text.text, LIMITS.section);
      if (b.fields) {
        if (b.fields.length > LIMITS.fields) problems.push(`${w}: ${b.fields.length} fields`);
        b.fields.forEach((f) => max(w + '.field', f.text, LIMITS.field));
      }
    }
    if (b.type === 'context' && b.elements.length > LIMITS.context) problems.push(`${w}: ${b.elements.length} elements`);
    if (b.type === 'actions') {
      if (b.elements.length > LIMITS.actions) problems.push(`${w}: ${b.elements.length} elements`);
      for (const e of b.elements) {
        max(w + '.text', e.text?.text, LIMITS.buttonText);
        max(w + '.value', e.value, LIMITS.buttonValue);
        max(w + '.url', e.url, LIMITS.url);
        max(w + '.action_id', e.action_id, LIMITS.actionId);
      }
    }
  });
  for (const text of allTexts(body)) {
    if (MENTION.test(text)) problems.push(`${where}: text could mention someone: ${JSON.stringify(text.slice(0, 80))}`);
  }
}

function max(where, value, limit) {
  if (typeof value === 'string' && value.length > limit) problems.push(`${where}: ${value.length} > ${limit}`);
}

function* allTexts(node) {
  if (typeof node === 'string') yield node;
  else if (Array.isArray(node)) for (const n of node) yield* allTexts(n);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== 'url' && k !== 'value' && k !== 'metadata') yield* allTexts(v); // metadata and values are data Slack never renders
}
