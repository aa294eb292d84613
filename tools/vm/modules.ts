/**
 * Guest kernel modules for the initramfs, resolved from the kernel's own
 * modules.dep so each kernel gets exactly what its config needs (6.1 has
 * virtio as modules, 6.12 builds it in).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** A module file (relative to /lib/modules/<release>), in load order. */
export type ModulePath = string;

function moduleName(path: string): string {
  return basename(path)
    .replace(/\.ko(\.xz|\.zst|\.gz)?$/, '')
    .replaceAll('-', '_');
}

/** Load order for `wanted`: each module after its dependencies; built-in ones are left out. */
export function resolveModules(release: string, wanted: string[]): ModulePath[] {
  const dir = `/lib/modules/${release}`;
  const deps = new Map<string, { path: string; needs: string[] }>();
  for (const line of readFileSync(`${dir}/modules.dep`, 'utf8').split('\n')) {
    const [path, needs] = line.split(':');
    if (!path || needs === undefined) continue;
    deps.set(moduleName(path), { path, needs: needs.trim().split(/\s+/).filter(Boolean) });
  }
  const builtin = new Set(readFileSync(`${dir}/modules.builtin`, 'utf8').split('\n').filter(Boolean).map(moduleName));

  const order: ModulePath[] = [];
  const add = (name: string): void => {
    const entry = deps.get(name);
    if (!entry) {
      if (builtin.has(name)) return;
      throw new Error(`kernel ${release} has no module "${name}" (neither in modules.dep nor built in)`);
    }
    if (order.includes(entry.path)) return;
    // modules.dep lists the deepest dependency last: load from the end.
    for (const dep of [...entry.needs].reverse()) add(moduleName(dep));
    order.push(entry.path);
  };
  wanted.forEach(add);
  return order;
}
