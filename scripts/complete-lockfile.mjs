#!/usr/bin/env node
/**
 * Our npm registry serves the Linux builds of native packages only, so `npm install` writes a lockfile
 * without the other platforms' optional binaries (@swc/core-darwin-arm64, ...), and `npm ci` then
 * refuses it as out of sync. This adds those entries back, marked optional and restricted to their
 * platform, so npm ci accepts the lock and skips them on Linux, and a laptop elsewhere can fetch them.
 * Run it after every `npm install` that changes package-lock.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const platforms = { darwin: 'darwin', linux: 'linux', win32: 'win32', freebsd: 'freebsd', android: 'android', openharmony: 'openharmony' };
const cpus = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'];

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const installPath = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[installPath] || lock.packages[`node_modules/${name}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((part) => part in platforms);
    const cpu = parts.find((part) => cpus.includes(part));
    if (!os || !cpu) continue;
    const libc = parts.some((part) => part.startsWith('musl')) ? ['musl'] : os === 'linux' ? ['glibc'] : undefined;
    lock.packages[`node_modules/${name}`] = { version, optional: true, os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
    added++;
  }
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform-specific optional entries`);
