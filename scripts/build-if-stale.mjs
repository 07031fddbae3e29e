#!/usr/bin/env node
// Builds (nest build api: every app and lib into dist/) only when the sources differ from
// those of the last successful build, so `npm start`, `npm run demo` and the rest start in
// a second when nothing changed instead of rebuilding everything.
// Sources are compared by content, not by date: a checkout or a copied-back file can carry
// an older date than the build, and would then be missed.
// One build at a time: `nest build` deletes dist/ first (deleteOutDir), so a second command
// started meanwhile would find no entry point. A lock makes it wait for the running build,
// after which the sources match and it runs without building again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the build reads: the apps and libs (views and assets included), the compiler and nest settings, the installed versions. */
export const SOURCE_DIRS = ['apps', 'libs'];
export const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json', 'package-lock.json'];
/** Tests are not built (tsconfig.build.json excludes them): editing one needs no rebuild. */
const isTest = (file) => file.endsWith('.spec.ts');

export const STAMP = path.join('dist', '.sources-digest');
const LOCK = '.build-lock';
const LOCK_WAIT_MS = 10 * 60_000;

/** A digest of every source's path and content, in a fixed order. */
export function sourceDigest(root) {
  const hash = createHash('sha256');
  const files = [...SOURCE_DIRS.flatMap((dir) => listFiles(root, dir)), ...SOURCE_FILES.filter((f) => existsSync(path.join(root, f)))];
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function listFiles(root, dir) {
  if (!existsSync(path.join(root, dir))) return [];
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !isTest(file));
}

/** Whether dist/ was built from exactly these sources. */
export function isBuildCurrent(root) {
  const stamp = path.join(root, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceDigest(root);
}

/** Builds when the sources changed since the last successful build; returns whether it built. */
export async function buildIfStale(root, build = () => runNestBuild(root)) {
  await withLock(path.join(root, LOCK), () => {});
  if (isBuildCurrent(root)) return false;
  return withLock(path.join(root, LOCK), () => {
    if (isBuildCurrent(root)) return false; // another command built it while we waited
    const digest = sourceDigest(root); // taken before building: a file edited during the build makes the next start build again
    build();
    writeFileSync(path.join(root, STAMP), `${digest}\n`);
    return true;
  });
}

function runNestBuild(root) {
  const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const result = spawnSync(process.execPath, [nest, 'build', 'api'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`nest build failed (exit ${result.status ?? result.signal})`);
}

/** Runs `fn` holding a directory lock; a lock left by a process that no longer runs is taken over. */
async function withLock(lock, fn) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!holderAlive(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another build still holds ${lock}; remove it if no build is running`, { cause: error });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function holderAlive(lock) {
  let pid;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // Just created, pid not written yet: alive unless it has been like that for a while.
    try {
      return Date.now() - statSync(lock).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const started = Date.now();
  buildIfStale(root).then(
    (built) => console.log(built ? `built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'build is current (no source changed): not rebuilding'),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
