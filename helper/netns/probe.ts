/**
 * What this kernel's stock parts can emulate, tried for real on a veth pair
 * in a scratch namespace of this helper (removed right after).
 */
import type { BackendSupport } from '../../common/protocol/helper.js';
import { everyEmulatedParam } from '../../common/topology/link-params.js';
import { createNamespaces } from '../../native/index.js';
import { namespacePrefix, teardown } from '../lifecycle.js';
import { randomDropBytecode, type ShapingSupport } from './commands.js';
import { batch } from '../run.js';

async function works(tool: 'ip' | 'tc', ns: string, lines: string[]): Promise<boolean> {
  return batch(tool, ns, lines).then(
    () => true,
    () => false,
  );
}

export interface NetnsProbe {
  shaping: ShapingSupport;
  support: BackendSupport;
}

export async function probeNetns(): Promise<NetnsProbe> {
  const ns = `${namespacePrefix()}-_probe`;
  try {
    await createNamespaces([ns]);
    if (!(await works('ip', ns, ['link add v0 type veth peer name v1', 'link add br0 type bridge']))) {
      return unavailable('this kernel has no veth or bridge devices');
    }
    const netem = await works('tc', ns, ['qdisc add dev v0 root netem delay 1ms']);
    const tbf = await works('tc', ns, ['qdisc replace dev v1 root tbf rate 1mbit burst 3028 limit 15140']);
    const bpfDrop = await works('tc', ns, [
      'qdisc add dev v1 clsact',
      `filter add dev v1 ingress pref 1 handle 1 bpf bytecode "${randomDropBytecode(10)}" action mirred egress redirect dev lo`,
    ]);
    const params = { delay: netem, jitter: netem, duplicate: netem, loss: netem || bpfDrop, rate: netem || tbf };
    const missing = Object.entries(params)
      .filter(([, ok]) => !ok)
      .map(([name]) => name);
    const reason = missing.length
      ? `${missing.join(', ')} not supported by this kernel's stock parts${netem ? '' : ' (no sch_netem)'}`
      : undefined;
    return { shaping: { netem }, support: { available: true, reason, params } };
  } catch (error) {
    return unavailable(`cannot create network namespaces: ${(error as Error).message}`);
  } finally {
    await teardown([ns]);
  }
}

function unavailable(reason: string): NetnsProbe {
  const params = everyEmulatedParam(false);
  return { shaping: { netem: false }, support: { available: false, reason, params } };
}
