#!/usr/bin/env node
// Times `permwiz lint` against @cloud-copilot/iam-policy's validateIdentityPolicy
// (validate.mjs) over the same policy files, in the same run: the commands
// take turns, round after round, so that whatever else the machine is doing
// weighs on both alike. Prints each command's median wall time and CPU time
// (user + system, of the process and its threads) and the ratios.
//
//   npm ci                                   (in this folder, once)
//   node managed.mjs /tmp/managed            (the 1,594 AWS managed policies, one file each)
//   go build -o /tmp/permwiz ../..           (the permwiz to time)
//   node bench-lint.mjs --permwiz /tmp/permwiz /tmp/managed
//
// Options: --runs N (rounds; default 30), --baseline PATH (another permwiz
// binary, say the previous release, timed in the same rounds),
// --format text|json|sarif (permwiz's output; default text). Output goes
// to /dev/null for every command. CPU time is read from /proc (Linux): the
// children's times the kernel adds up when each exits, in clock ticks.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const runs = Number(opt('--runs', '30'));
const permwiz = opt('--permwiz', 'permwiz');
const baseline = opt('--baseline', '');
const format = opt('--format', 'text');
const dir = args[0];
if (!dir || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench-lint.mjs [--runs N] [--permwiz PATH] [--baseline PATH] [--format F] DIR');
  process.exit(2);
}
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
if (files.length === 0) {
  console.error(`${dir}: no .json files`);
  process.exit(2);
}

const lint = (bin) => [bin, ['lint', '--kind', 'identity', '--format', format, ...files]];
// ok: the exit codes that mean the command ran (lint exits 1 when a file has
// findings; validate.mjs exits 0, and 1 only when it could not run, say
// without `npm ci`, which must not pass for a fast baseline).
const commands = [
  { name: 'validateIdentityPolicy (node validate.mjs)', cmd: [process.execPath, [join(here, 'validate.mjs'), ...files]], ok: [0] },
  { name: `permwiz lint (${permwiz})`, cmd: lint(permwiz), ok: [0, 1] },
];
if (baseline) commands.push({ name: `permwiz lint (${baseline})`, cmd: lint(baseline), ok: [0, 1] });

// utime + stime of the waited-for children, in seconds (fields 16 and 17 of
// /proc/self/stat, after the command name, which may hold spaces).
const TICK = 100; // USER_HZ, 100 on every Linux architecture Node runs on
function childCPU() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / TICK;
  } catch {
    return NaN;
  }
}

function once(c) {
  const cpu0 = childCPU();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.cmd[0], c.cmd[1], { stdio: ['ignore', 'ignore', 'inherit'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = childCPU() - cpu0;
  if (r.error) throw r.error;
  if (!c.ok.includes(r.status)) throw new Error(`${c.name}: exit ${r.status}`);
  return { wall, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (const c of commands) once(c); // warm the page cache and the disk
const times = commands.map(() => ({ wall: [], cpu: [] }));
for (let r = 0; r < runs; r++) {
  // Alternate who goes first.
  const order = commands.map((_, i) => i);
  if (r % 2) order.reverse();
  for (const i of order) {
    const t = once(commands[i]);
    times[i].wall.push(t.wall);
    times[i].cpu.push(t.cpu);
  }
}

const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
console.log(`${files.length} files, ${runs} rounds, permwiz --format ${format}`);
const base = { wall: median(times[0].wall), cpu: median(times[0].cpu) };
for (const [i, c] of commands.entries()) {
  const w = median(times[i].wall);
  const u = median(times[i].cpu);
  const ratio = i === 0 ? '' : `   ratio to validateIdentityPolicy: wall ${(w / base.wall).toFixed(2)}x, CPU ${(u / base.cpu).toFixed(2)}x`;
  console.log(`${c.name}\n  median wall ${ms(w)} (min ${ms(Math.min(...times[i].wall))}), median CPU ${ms(u)}${ratio}`);
}
