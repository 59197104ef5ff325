// Assertions on the sechub-bot chart as rendered by charts/test.sh (helm template and the NOTES of
// helm install --dry-run=client) for each values file: values-socket.yaml (defaults + tokens),
// values-http.yaml (HTTP mode with Ingress) and values-full.yaml (existingSecret, NetworkPolicy,
// ServiceMonitor). Run: charts/test.sh, or RENDERED_DIR=... node --test charts/tests/rendered.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const renderedDir = process.env.RENDERED_DIR ?? join(here, 'rendered');

function load(name) {
  const file = join(renderedDir, `${name}.yaml`);
  assert.ok(existsSync(file), `${file} is missing: run charts/test.sh, which renders it`);
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const d of docs) assert.deepEqual(d.errors, [], `${name}.yaml parses as YAML`);
  const objects = docs.map((d) => d.toJS()).filter((o) => o && o.kind);
  const notesFile = join(renderedDir, `${name}.notes.txt`);
  return {
    name,
    text: readFileSync(file, 'utf8'),
    objects,
    notes: existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : null,
    values: parse(readFileSync(join(here, `values-${name}.yaml`), 'utf8')) ?? {},
  };
}

const all = (r, kind) => r.objects.filter((o) => o.kind === kind);
function one(r, kind) {
  const found = all(r, kind);
  assert.equal(found.length, 1, `${r.name}: exactly one ${kind} (found ${found.length})`);
  return found[0];
}
const podSpec = (r) => one(r, 'Deployment').spec.template.spec;
function botContainer(r) {
  const containers = podSpec(r).containers;
  assert.equal(containers.length, 1, 'one container');
  return containers[0];
}
const envVar = (c, name) => (c.env ?? []).find((e) => e.name === name);

// The secret values a values file supplies: none of them may appear in plain text anywhere.
function secretValues(values) {
  const s = values.slack ?? {};
  return [s.botToken, s.appToken, s.signingSecret].filter(Boolean);
}

function assertHardened(r) {
  const spec = podSpec(r);
  const c = botContainer(r);
  const pod = spec.securityContext ?? {};
  const sc = c.securityContext ?? {};
  assert.equal(sc.runAsNonRoot ?? pod.runAsNonRoot, true, 'runAsNonRoot');
  assert.ok((sc.runAsUser ?? pod.runAsUser) !== 0, 'never UID 0');
  assert.equal(sc.readOnlyRootFilesystem, true, 'readOnlyRootFilesystem');
  assert.equal(sc.allowPrivilegeEscalation, false, 'allowPrivilegeEscalation false');
  assert.notEqual(sc.privileged, true, 'not privileged');
  assert.deepEqual(sc.capabilities?.drop, ['ALL'], 'capabilities drop ALL');
  assert.equal(sc.capabilities?.add, undefined, 'no capability added');
  assert.equal((sc.seccompProfile ?? pod.seccompProfile)?.type, 'RuntimeDefault', 'seccomp RuntimeDefault');
  assert.equal(pod.seccompProfile?.type, 'RuntimeDefault', 'pod-level seccomp RuntimeDefault');
  assert.notEqual(spec.hostNetwork, true, 'no host network');
  assert.equal(spec.automountServiceAccountToken, false, 'no Kubernetes API token mounted');
  // A read-only root needs a writable /tmp, and it must be an emptyDir (not a hostPath).
  const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
  assert.ok(tmp, '/tmp is mounted');
  const vol = spec.volumes.find((v) => v.name === tmp.name);
  assert.ok(vol?.emptyDir, '/tmp is an emptyDir');
}

function portNumber(c, port) {
  if (typeof port === 'number') return port;
  const named = (c.ports ?? []).find((p) => p.name === port);
  assert.ok(named, `named port ${port} exists`);
  return named.containerPort;
}

function assertProbesAndResources(r) {
  const c = botContainer(r);
  assert.equal(c.livenessProbe?.httpGet?.path, '/healthz', 'liveness on /healthz');
  assert.equal(portNumber(c, c.livenessProbe.httpGet.port), 8080, 'liveness on 8080');
  assert.equal(c.readinessProbe?.httpGet?.path, '/readyz', 'readiness on /readyz');
  assert.equal(portNumber(c, c.readinessProbe.httpGet.port), 8080, 'readiness on 8080');
  assert.equal(envVar(c, 'ASPNETCORE_HTTP_PORTS')?.value, '8080', 'Kestrel listens on 8080');
  assert.ok(c.resources?.requests?.cpu, 'cpu request');
  assert.ok(c.resources?.requests?.memory, 'memory request');
  assert.ok(c.resources?.limits?.memory, 'memory limit');
}

// Tokens reach the pod only through secretKeyRef, to a Secret that is rendered with that key
// (or to the existingSecret); never as a literal value or through the ConfigMap.
function assertSecretsFromSecret(r, { mode, secretName, keys }) {
  const c = botContainer(r);
  const wanted = mode === 'socket' ? ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'] : ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'];
  const unwanted = mode === 'socket' ? 'SLACK_SIGNING_SECRET' : 'SLACK_APP_TOKEN';
  for (const name of wanted) {
    const e = envVar(c, name);
    assert.ok(e, `${name} is set`);
    assert.equal(e.value, undefined, `${name} has no literal value`);
    assert.equal(e.valueFrom?.secretKeyRef?.name, secretName, `${name} comes from Secret ${secretName}`);
    assert.equal(e.valueFrom.secretKeyRef.key, keys[name], `${name} key`);
  }
  // In http mode an app token would switch the bot to Socket Mode.
  assert.equal(envVar(c, unwanted), undefined, `${unwanted} is not set in ${mode} mode`);

  for (const e of c.env ?? []) {
    if (/TOKEN|SECRET/i.test(e.name)) assert.equal(e.value, undefined, `${e.name} is not a literal`);
  }
  for (const src of c.envFrom ?? []) assert.equal(src.secretRef, undefined, 'no envFrom of whole Secrets');

  const cm = one(r, 'ConfigMap');
  assert.ok((c.envFrom ?? []).some((s) => s.configMapRef?.name === cm.metadata.name), 'ConfigMap via envFrom');
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    assert.ok(!/TOKEN|SECRET/i.test(k), `ConfigMap key ${k} is not a secret`);
    assert.ok(!/^(xox[a-z]-|xapp-)/.test(String(v)), `ConfigMap ${k} holds no Slack token`);
  }

  const secrets = all(r, 'Secret');
  if (!r.values.existingSecret?.name) {
    assert.equal(secrets.length, 1, 'the chart renders one Secret');
    const s = secrets[0];
    assert.equal(s.metadata.name, secretName);
    assert.deepEqual(Object.keys(s.data).sort(), [...wanted].sort(), 'the Secret holds exactly the keys the mode needs');
  } else {
    assert.equal(secrets.length, 0, 'no Secret rendered with existingSecret');
  }

  // No secret value in clear text anywhere in the manifests (the Secret holds base64).
  for (const v of secretValues(r.values)) {
    assert.ok(!r.text.includes(v), 'a secret value appears in plain text in the manifests');
    const b64 = Buffer.from(v).toString('base64');
    const holders = r.objects.filter((o) => JSON.stringify(o).includes(b64)).map((o) => o.kind);
    assert.deepEqual(holders, ['Secret'], 'only the Secret holds the encoded secret');
    if (r.notes !== null) {
      assert.ok(!r.notes.includes(v) && !r.notes.includes(b64), 'NOTES holds no secret');
    }
  }
}

function assertCommon(r) {
  const dep = one(r, 'Deployment');
  const labels = dep.spec.template.metadata.labels;
  for (const [k, v] of Object.entries(dep.spec.selector.matchLabels)) assert.equal(labels[k], v, `pod label ${k}`);

  const pdb = one(r, 'PodDisruptionBudget');
  assert.equal(pdb.apiVersion, 'policy/v1');
  assert.deepEqual(pdb.spec.selector.matchLabels, dep.spec.selector.matchLabels, 'PDB selects the bot pods');
  assert.ok(pdb.spec.maxUnavailable !== undefined || pdb.spec.minAvailable !== undefined, 'PDB has a budget');

  const sa = one(r, 'ServiceAccount');
  assert.equal(podSpec(r).serviceAccountName, sa.metadata.name, 'pods run as the chart ServiceAccount');
  assert.deepEqual(sa.metadata.annotations ?? {}, r.values.serviceAccount?.annotations ?? {}, 'ServiceAccount annotations rendered');
  assert.equal(botContainer(r).image.length > 0, true, 'image set');
}

describe('socket mode, default values + tokens', () => {
  const r = load('socket');
  test('Deployment has 2 replicas', () => assert.equal(one(r, 'Deployment').spec.replicas, 2));
  test('pod and container are hardened', () => assertHardened(r));
  test('probes on /healthz and /readyz, port 8080, resources set', () => assertProbesAndResources(r));
  test('tokens come from the chart Secret', () =>
    assertSecretsFromSecret(r, {
      mode: 'socket',
      secretName: one(r, 'Deployment').metadata.name,
      keys: { SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN', SLACK_APP_TOKEN: 'SLACK_APP_TOKEN' },
    }));
  test('PDB, ServiceAccount, selectors', () => assertCommon(r));
  test('no Service, no Ingress, no NetworkPolicy, no ServiceMonitor (Socket Mode is egress only)', () => {
    for (const kind of ['Service', 'Ingress', 'NetworkPolicy', 'ServiceMonitor']) assert.equal(all(r, kind).length, 0, kind);
  });
  test('ConfigMap carries the defaults', () => {
    const data = one(r, 'ConfigMap').data;
    assert.equal(data.Filter__MinSeverity, 'HIGH');
    assert.equal(data.Explain__IacFlavor, 'terraform');
    assert.equal(data.Authorization__Approvers, undefined, 'no approvers by default (deny by default)');
  });
  test('NOTES say what to do next in socket mode', () => {
    assert.ok(r.notes, 'NOTES rendered');
    assert.match(r.notes, /Socket Mode/);
    assert.match(r.notes, /slack-app-manifest\.yaml/);
    assert.match(r.notes, /authorization\.approvers/);
    assert.doesNotMatch(r.notes, /\/slack\/events/);
  });
});

describe('http mode', () => {
  const r = load('http');
  test('pod and container are hardened', () => assertHardened(r));
  test('probes on /healthz and /readyz, port 8080, resources set', () => assertProbesAndResources(r));
  test('bot token and signing secret come from the chart Secret; no app token', () =>
    assertSecretsFromSecret(r, {
      mode: 'http',
      secretName: one(r, 'Deployment').metadata.name,
      keys: { SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN', SLACK_SIGNING_SECRET: 'SLACK_SIGNING_SECRET' },
    }));
  test('PDB, ServiceAccount with IRSA annotation, selectors', () => {
    assertCommon(r);
    assert.match(one(r, 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn'], /^arn:aws:iam::\d{12}:role\//);
  });
  test('Service targets the bot port', () => {
    const svc = one(r, 'Service');
    const dep = one(r, 'Deployment');
    assert.deepEqual(svc.spec.selector, dep.spec.selector.matchLabels);
    assert.equal(svc.spec.ports.length, 1);
    assert.equal(portNumber(botContainer(r), svc.spec.ports[0].targetPort), 8080);
  });
  test('Ingress routes only /slack to the Service, with TLS', () => {
    const ing = one(r, 'Ingress');
    const svc = one(r, 'Service');
    assert.equal(ing.spec.ingressClassName, 'nginx');
    const rules = ing.spec.rules;
    assert.equal(rules.length, 1);
    assert.equal(rules[0].host, 'sechubbot.example.com');
    const paths = rules[0].http.paths;
    assert.deepEqual(paths.map((p) => [p.path, p.pathType]), [['/slack', 'Prefix']], 'only /slack is published');
    assert.equal(paths[0].backend.service.name, svc.metadata.name);
    assert.equal(paths[0].backend.service.port.name, svc.spec.ports[0].name);
    assert.deepEqual(ing.spec.tls[0].hosts, ['sechubbot.example.com']);
  });
  test('ConfigMap maps values to configuration keys', () => {
    assert.deepEqual(one(r, 'ConfigMap').data, {
      Slack__Channel: 'C0123456789',
      Aws__Region: 'eu-west-1',
      AWS_REGION: 'eu-west-1',
      Store__TableName: 'sechubbot-ingest-StoreTable-1A2B3C4D5E6F',
      Explain__Mode: 'bedrock',
      Explain__IacFlavor: 'cdk',
      Filter__MinSeverity: 'MEDIUM',
      Authorization__Approvers: 'U0123ABCD,S0456EFGH',
      Routing__Rules__0__Channel: 'C0PAYMENTS1',
      Routing__Rules__0__AlsoChannels: 'C0ONCALL001',
      Routing__Rules__0__Accounts: '111122223333',
      Routing__Rules__0__Approvers: 'S0PAYMENTS1',
      Routing__Rules__0__MinSeverity: 'CRITICAL',
      Routing__Rules__0__IacFlavor: 'cdk',
      Routing__Rules__0__MentionGroup: 'S0PAYONCALL',
      Routing__Rules__1__Channel: 'C0DATATEAM1',
      Routing__Rules__1__ResourceTags: 'team=data',
      Routing__Rules__1__Approvers: 'U0DATALEAD1',
      Accounts__111122223333__Name: 'prod-payments',
      Accounts__444455556666__Name: 'data-lake',
    });
  });
  test('NOTES give the three request URLs', () => {
    assert.ok(r.notes, 'NOTES rendered');
    for (const p of ['events', 'interactions', 'commands']) {
      assert.ok(r.notes.includes(`https://sechubbot.example.com/slack/${p}`), `NOTES name /slack/${p}`);
    }
  });
});

describe('socket mode with existingSecret, NetworkPolicy and ServiceMonitor', () => {
  const r = load('full');
  test('replicas from values', () => assert.equal(one(r, 'Deployment').spec.replicas, 3));
  test('pod and container are hardened', () => assertHardened(r));
  test('probes on /healthz and /readyz, port 8080, resources set', () => assertProbesAndResources(r));
  test('tokens come from the existing Secret and its keys; the chart renders none', () =>
    assertSecretsFromSecret(r, {
      mode: 'socket',
      secretName: 'sechubbot-slack',
      keys: { SLACK_BOT_TOKEN: 'bot-token', SLACK_APP_TOKEN: 'app-token' },
    }));
  test('PDB, ServiceAccount, selectors', () => assertCommon(r));
  test('NetworkPolicy: egress DNS and 443 only (+ Pod Identity agent); ingress only to the metrics port', () => {
    const np = one(r, 'NetworkPolicy');
    assert.deepEqual(np.spec.podSelector.matchLabels, one(r, 'Deployment').spec.selector.matchLabels);
    assert.deepEqual(np.spec.policyTypes, ['Ingress', 'Egress']);
    const ports = np.spec.egress.flatMap((e) => e.ports.map((p) => `${p.protocol}/${p.port}`)).sort();
    assert.deepEqual(ports, ['TCP/443', 'TCP/53', 'TCP/80', 'UDP/53']);
    const agent = np.spec.egress.find((e) => e.ports.some((p) => p.port === 80));
    assert.deepEqual(agent.to, [{ ipBlock: { cidr: '169.254.170.23/32' } }], 'port 80 only to the Pod Identity agent');
    assert.deepEqual(np.spec.ingress.map((i) => i.ports.map((p) => p.port)), [['http']]);
  });
  test('ServiceMonitor scrapes /metrics through a Service; still no Ingress', () => {
    const sm = one(r, 'ServiceMonitor');
    const svc = one(r, 'Service');
    assert.equal(sm.metadata.labels.release, 'prometheus');
    assert.deepEqual(sm.spec.selector.matchLabels, one(r, 'Deployment').spec.selector.matchLabels);
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) assert.equal(svc.metadata.labels[k], v);
    assert.deepEqual(sm.spec.endpoints.map((e) => [e.port, e.path]), [[svc.spec.ports[0].name, '/metrics']]);
    assert.equal(all(r, 'Ingress').length, 0);
  });
});
