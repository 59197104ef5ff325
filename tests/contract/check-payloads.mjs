// Contract check for the Slack calls SecHubBot makes (issues 2 and 14):
//  1. type-checks every call body against Slack's own TypeScript types (@slack/web-api's argument type
//     for its method, e.g. ChatPostMessageArguments, ChatStartStreamArguments, AssistantThreadsSetStatusArguments,
//     and @slack/types' KnownBlock for blocks) with `tsc --noEmit --strict`;
//  2. checks Block Kit and markdown_text size limits and that no text could ping anyone, independently of the C# code.
// Input: a folder of files, each a JSON array of {method, body}: the stdout of `bootstrap <sample> --json --all`,
// and bot-answers.json, the Bot's calls for streamed and fallback answers (ContractSampleTests).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const inputDir = process.argv[2] ?? join(here, 'generated', 'calls');
const outDir = join(here, 'generated');
mkdirSync(outDir, { recursive: true });

const LIMITS = { blocks: 50, header: 150, section: 3000, fields: 10, field: 2000, context: 10, actions: 25, contextActions: 5, buttonText: 75, buttonValue: 2000, url: 3000, actionId: 255, blockId: 255, text: 40000, markdownText: 12000, loadingMessages: 10 };
// Each method's argument type in @slack/web-api; a method not listed here is a failure.
const ARGUMENT_TYPES = {
  'chat.postMessage': 'ChatPostMessageArguments',
  'chat.update': 'ChatUpdateArguments',
  'chat.postEphemeral': 'ChatPostEphemeralArguments',
  'chat.startStream': 'ChatStartStreamArguments',
  'chat.appendStream': 'ChatAppendStreamArguments',
  'chat.stopStream': 'ChatStopStreamArguments',
  'assistant.threads.setStatus': 'AssistantThreadsSetStatusArguments',
};
// Methods whose body is a message with fallback text (the others carry markdown_text or a status).
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);
// Slack's broadcast and mention syntax; <!date^...> is the one special form we write ourselves.
const MENTION = /<!(?!date\^)|<@|<#|<!subteam/;

const problems = [];
let passed = 0;
const ts = [`import type { ${[...new Set(Object.values(ARGUMENT_TYPES))].join(', ')} } from '@slack/web-api';`, "import type { KnownBlock } from '@slack/types';", ''];
const methodsSeen = new Set();

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
    const argumentType = ARGUMENT_TYPES[call.method];
    if (!argumentType) {
      problems.push(`${where}: unexpected method ${call.method}`);
      return;
    }
    methodsSeen.add(call.method);
    checkLimits(where, call.method, call.body);
    const name = `c${fileIndex}_${i}`;
    ts.push(`// ${where} ${call.method}`);
    ts.push(`export const ${name}_body = ${JSON.stringify(call.body)} satisfies ${argumentType};`);
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
console.log(`type-checked ${files.length} files (${[...methodsSeen].sort().join(', ')}) against @slack/web-api's argument types and @slack/types KnownBlock: ${typeErrors === 0 ? 'ok' : `${typeErrors} type errors`}`);
console.log(`contract: ${typeErrors > 0 ? 0 : passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function checkLimits(where, method, body) {
  const channel = method === 'assistant.threads.setStatus' ? body?.channel_id : body?.channel;
  if (typeof channel !== 'string' || channel.length === 0) problems.push(`${where}: no channel`);
  if (MESSAGE_METHODS.has(method)) {
    if (typeof body.text !== 'string' || body.text.length === 0) problems.push(`${where}: no fallback text`);
    else if (body.text.length > LIMITS.text) problems.push(`${where}: text ${body.text.length} > ${LIMITS.text}`);
  }
  max(`${where}.markdown_text`, body.markdown_text, LIMITS.markdownText);
  if (method === 'chat.startStream' && !(body.recipient_user_id && body.recipient_team_id)) problems.push(`${where}: a channel stream needs recipient_user_id and recipient_team_id`);
  if (method === 'chat.appendStream' && typeof body.markdown_text !== 'string') problems.push(`${where}: markdown_text is required`);
  if (method === 'assistant.threads.setStatus' && (body.loading_messages ?? []).length > LIMITS.loadingMessages) problems.push(`${where}: more than ${LIMITS.loadingMessages} loading messages`);
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
    if (b.type === 'context_actions') {
      if (b.elements.length > LIMITS.contextActions) problems.push(`${w}: ${b.elements.length} elements`);
      for (const e of b.elements) {
        for (const button of [e.positive_button, e.negative_button].filter(Boolean)) {
          max(w + '.text', button.text?.text, LIMITS.buttonText);
          max(w + '.value', button.value, LIMITS.buttonValue);
        }
        max(w + '.action_id', e.action_id, LIMITS.actionId);
      }
    }
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
