/**
 * Compiles the eBPF programs of a folder (`*.bpf.c`, the shipped ones in
 * samples/extensions/) into objects beside them (`*.bpf.o`, not committed),
 * as a user would: `clang -O2 -g -target bpf`. Run by the helper suite's
 * setup (helper/integration/bundle.ts); an object newer than its source and
 * the folder's headers is kept.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The Debian packages it needs (the test dependencies list them: tools/test/suites.ts). */
export const BPF_BUILD_DEBS = ['clang', 'libbpf-dev'];

const modified = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/** The objects' paths, compiled where stale (with clang's flags added, if any). */
export function compileBpfObjects(dir: string, flags: string[] = []): string[] {
  const files = readdirSync(dir);
  const headers = Math.max(-1, ...files.filter((f) => f.endsWith('.h')).map((f) => modified(join(dir, f))));
  // Debian keeps <asm/types.h> in the architecture's include directory, which -target bpf does not search.
  const multiarch = execFileSync('clang', ['-print-multiarch'], { encoding: 'utf8' }).trim();
  return files
    .filter((f) => f.endsWith('.bpf.c'))
    .map((source) => {
      const [input, output] = [join(dir, source), join(dir, source.replace(/\.c$/, '.o'))];
      if (modified(output) >= Math.max(modified(input), headers)) return output;
      // Written whole, then renamed: suites running at once may compile the same object and load it.
      const partial = `${output}.${process.pid}`;
      execFileSync('clang', [
        '-O2',
        '-g',
        '-Wall',
        '-target',
        'bpf',
        `-I/usr/include/${multiarch}`,
        ...flags,
        '-c',
        input,
        '-o',
        partial,
      ]);
      renameSync(partial, output);
      return output;
    });
}
