/**
 * `npm run build:bpf`: compiles the addon's own eBPF program (native/bpf/*.bpf.c) into the object beside
 * it, which is committed: `npm install` builds it into the addon without clang. The object names its
 * source relative to the checkout and carries no DWARF, so it is the same wherever it is built; the BTF
 * that CO-RE needs stays. Run it after editing the source, then `npm run build:native`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileBpfObjects } from './bpf-objects.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Beside the compiler, from the same Debian packages (BPF_BUILD_DEBS). */
const STRIP = 'llvm-strip';

const flags = [`-fdebug-prefix-map=${ROOT}=`, '-fdebug-compilation-dir=.'];
for (const object of compileBpfObjects(`${ROOT}native/bpf`, flags)) {
  execFileSync(STRIP, ['--strip-debug', object]);
  console.log(object);
}
