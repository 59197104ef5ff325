// Checks deploy/slack-app-manifest.yaml: the Slack settings the bot relies on, and that the scopes
// in the manifest and the scope table in deploy/README.md are the same set (the .NET suite compares
// the manifest with the Slack client's method list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const deploy = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy');
const manifest = parse(readFileSync(join(deploy, 'slack-app-manifest.yaml'), 'utf8'));
const readme = readFileSync(join(deploy, 'README.md'), 'utf8');

test('Socket Mode on, interactivity on, no org deploy, no token rotation', () => {
  assert.equal(manifest.settings.socket_mode_enabled, true);
  assert.equal(manifest.settings.interactivity.is_enabled, true);
  assert.equal(manifest.settings.org_deploy_enabled, false);
  assert.equal(manifest.settings.token_rotation_enabled, false);
  assert.ok(manifest.features.bot_user.display_name);
  assert.ok(manifest.display_information.name);
  assert.ok(manifest.display_information.description.length <= 140, 'Slack caps description at 140');
  const long = manifest.display_information.long_description;
  assert.ok(long.length >= 175 && long.length <= 4000, 'Slack wants 175..4000 characters');
});

test('the /sechub command with its usage hint', () => {
  assert.deepEqual(manifest.features.slash_commands.map((c) => [c.command, c.usage_hint]), [
    ['/sechub', 'explain <finding id or ARN> | help'],
  ]);
});

test('bot events: app_mention and thread replies in public and private channels', () => {
  assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), ['app_mention', 'message.channels', 'message.groups']);
});

test('bot scopes: a plain list, exactly what the code needs, each explained in deploy/README.md', () => {
  const scopes = manifest.oauth_config.scopes.bot;
  assert.ok(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'));
  assert.deepEqual([...scopes].sort(), ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'groups:history', 'usergroups:read', 'users:read']);
  assert.equal(new Set(scopes).size, scopes.length, 'no duplicates');
  const table = readme.slice(readme.indexOf('## Bot scopes'));
  const documented = [...table.matchAll(/^\| `([a-z_.:]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...scopes].sort(), 'README table = manifest scopes');
  for (const broad of ['chat:write.public', 'channels:read', 'admin', 'metadata.message:read']) {
    assert.ok(!scopes.includes(broad), `${broad} not requested`);
  }
});

test('no request URLs while Socket Mode is on', () => {
  assert.equal(manifest.settings.event_subscriptions.request_url, undefined);
  assert.equal(manifest.settings.interactivity.request_url, undefined);
  assert.equal(manifest.features.slash_commands[0].url, undefined);
});
