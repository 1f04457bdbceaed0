#!/usr/bin/env node
// The baseline permwiz lint's speed is measured against: reads each file
// named on the command line, parses it and runs @cloud-copilot/iam-policy's
// validateIdentityPolicy on it, and prints how many files had errors.
//
//   node managed.mjs /tmp/managed
//   hyperfine 'node validate.mjs /tmp/managed/*.json' 'permwiz lint --kind identity /tmp/managed/*.json'
import { readFileSync } from 'node:fs';
import { validateIdentityPolicy } from '@cloud-copilot/iam-policy';

let files = 0;
let withErrors = 0;
for (const f of process.argv.slice(2)) {
  files++;
  const errors = validateIdentityPolicy(JSON.parse(readFileSync(f, 'utf8')));
  if (errors.length > 0) withErrors++;
}
console.log(`${files} files, ${withErrors} with errors`);
