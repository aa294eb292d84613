import { execFileSync } from 'node:child_process';
import { configureHosts, createNamespaces, deleteNamespaces } from '../native/index.js';
const n = Number(process.argv[2]);
const fab = 'rp-fab';
const names = Array.from({ length: n }, (_, i) => `rp-${i}`);
await createNamespaces([fab, ...names]);
const lines: string[] = [];
for (let b = 0; b * 1000 < n; b++) lines.push(`link add br${b} type bridge`, `link set br${b} up`);
names.forEach((ns, i) => lines.push(`link add p${i} master br${Math.floor(i / 1000)} up type veth peer name eth0 netns ${ns}`));
execFileSync('ip', ['-n', fab, '-batch', '-'], { input: lines.join('\n') + '\n' });
const hex = (i: number) => (i % 60000).toString(16);
let err = '';
try {
  await configureHosts(
    names.map((netns, i) => ({
      netns, fresh: true, forward: false,
      interfaces: [{ name: 'eth0', addresses: [`10.${i >> 8 & 255}.${i & 255}.2/24`, `fd00:0:0:${hex(i)}::2/64`] }],
      routes: [{ to: 'default', via: `10.${i >> 8 & 255}.${i & 255}.1` }, { to: 'default', via: `fd00:0:0:${hex(i)}::1` }],
    })),
  );
} catch (e) {
  err = (e as Error).message;
  const ns = /namespace "([^"]+)"/.exec(err)![1]!;
  const show = () => console.log(execFileSync('ip', ['-n', ns, '-6', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }), execFileSync('ip', ['-n', ns, '-6', 'addr'], { encoding: 'utf8' }));
  show();
  await new Promise((r) => setTimeout(r, 3000));
  console.log('--- 3 s later');
  show();
}
console.log(err || 'ok');
const bad = names.filter((ns, i) => i % 97 === 0 && execFileSync('nsenter', [`--net=/run/netns/${ns}`, 'cat', '/proc/sys/net/ipv6/conf/eth0/accept_ra'], { encoding: 'utf8' }).trim() !== '0');
console.log('accept_ra not 0 in', bad.length, 'of', Math.ceil(n / 97), bad.slice(0, 5));
await deleteNamespaces([fab, ...names]);
