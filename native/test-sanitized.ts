/**
 * The native suite against an addon built with AddressSanitizer and
 * UndefinedBehaviorSanitizer (`npm test` runs it as the `native-sanitized`
 * suite; arguments pass through to vitest). First each source is compiled
 * together with the argument readers of napi_util.c at -O3, where gcc follows
 * their out-parameters: a read of one the reader did not set fails the build
 * (no runtime sanitizer gcc has tracks uninitialised memory; MSan needs an
 * instrumented node). Sources, flags and include paths come from binding.gyp.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NATIVE = dirname(fileURLToPath(import.meta.url));
const READERS = 'src/napi_util.c';

interface Target {
  sources: string[];
  include_dirs: string[];
  defines: string[];
  cflags: string[];
  libraries: string[];
}

function target(): Target {
  const gyp = JSON.parse(readFileSync(join(NATIVE, 'binding.gyp'), 'utf8')) as { targets: Target[] };
  const [first] = gyp.targets;
  if (!first) throw new Error('native/binding.gyp has no target');
  return first;
}

/** Node's headers beside the running node (official builds and distribution packages put them there). */
function nodeHeaders(): string {
  const headers = resolve(dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(join(headers, 'node_api.h')))
    throw new Error(`no node_api.h in ${headers}: install the headers of node ${process.version}`);
  return headers;
}

function compilerFlags(addon: Target): string[] {
  return [
    ...addon.cflags,
    // node-gyp's one variable in them: the addon's directory.
    ...addon.defines.map((define) => `-D${define.replaceAll('<(module_root_dir)', NATIVE)}`),
    ...[nodeHeaders(), ...addon.include_dirs.map((dir) => resolve(NATIVE, dir)), join(NATIVE, 'src')].map(
      (dir) => `-I${dir}`,
    ),
  ];
}

/** gcc's complaint, or undefined when it succeeded. */
function gcc(args: string[]): string | undefined {
  const run = spawnSync('gcc', args, { cwd: NATIVE, encoding: 'utf8' });
  return run.status === 0 ? undefined : run.stderr || run.error?.message || `gcc exited with ${run.status}`;
}

/** Each source with the readers in view: -Wmaybe-uninitialized then sees what they leave unset. */
function checkUninitialisedReads(addon: Target, work: string): void {
  const flags = ['-O3', '-Werror=maybe-uninitialized', '-Werror=uninitialized', '-c', '-o', '/dev/null'];
  const failures = addon.sources
    .filter((source) => source !== READERS)
    .flatMap((source) => {
      const unit = join(work, `${source.replaceAll('/', '_')}.unit.c`);
      writeFileSync(unit, [READERS, source].map((s) => `#include "${join(NATIVE, s)}"\n`).join(''));
      const complaint = gcc([...compilerFlags(addon), ...flags, unit]);
      return complaint ? [`${source}:\n${complaint}`] : [];
    });
  if (failures.length) throw new Error(`uninitialised reads:\n${failures.join('\n')}`);
}

function buildSanitized(addon: Target, work: string): string {
  const output = join(work, 'vnet_native.node');
  const sanitize = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer'];
  const complaint = gcc([
    ...compilerFlags(addon),
    ...sanitize,
    ...['-g', '-O1', '-shared', '-fPIC', ...addon.sources, ...addon.libraries, '-o', output],
  ]);
  if (complaint) throw new Error(`sanitized build failed:\n${complaint}`);
  return output;
}

/** gcc's own libasan: it must be loaded before anything else in the process. */
function libasan(): string {
  const path = spawnSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
  if (!path.startsWith('/')) throw new Error('gcc has no libasan.so: apt-get install libgcc-12-dev');
  return path;
}

function main(): void {
  const addon = target();
  const work = mkdtempSync(join(tmpdir(), 'vnet-sanitized-'));
  const cleanUp = () => rmSync(work, { recursive: true, force: true });
  try {
    checkUninitialisedReads(addon, work);
    process.env.VNET_NATIVE_PATH = buildSanitized(addon, work);
  } catch (error) {
    cleanUp();
    throw error;
  }
  const vitest = spawn('npx', ['vitest', 'run', '--config', 'native/vitest.config.ts', ...process.argv.slice(2)], {
    cwd: resolve(NATIVE, '..'),
    stdio: 'inherit',
    env: {
      ...process.env,
      LD_PRELOAD: libasan(),
      // V8 is not instrumented: its allocations would read as leaks.
      ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1',
      UBSAN_OPTIONS: 'print_stacktrace=1',
    },
  });
  vitest.on('close', (code, signal) => {
    cleanUp();
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

try {
  main();
} catch (error) {
  console.error(`native-sanitized: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
