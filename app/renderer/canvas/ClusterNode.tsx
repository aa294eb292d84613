/**
 * A cluster (clusters.ts): the box where a switch's hosts are, drawn below
 * DETAIL_ZOOM in their place, with their count and their packet rates
 * summed. Its label is scaled against the zoom (the --zoom variable) so it
 * stays readable however far out. Selecting it selects its hosts.
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CounterSample } from '../../../common/protocol/helper.js';
import { compact } from '../lib/format.js';
import { useStore } from '../store/index.js';
import type { ClusterFlowNode } from './flow.js';

const sumOf = (
  counters: Readonly<Record<string, CounterSample>>,
  members: readonly string[],
  field: 'rxPps' | 'txPps',
) => members.reduce((sum, m) => sum + (counters[m]?.[field] ?? 0), 0);

const ClusterCounters = memo(function ClusterCounters({ id, members }: { id: string; members: readonly string[] }) {
  const rx = useStore((s) => sumOf(s.hostCounters, members, 'rxPps'));
  const tx = useStore((s) => sumOf(s.hostCounters, members, 'txPps'));
  const running = useStore((s) => s.networkState === 'running');
  if (!running) return null;
  return (
    <div className="cluster-counters" data-testid={`cluster-counters-${id}`} data-rx-pps={rx} data-tx-pps={tx}>
      <span className="rx">↓{compact(rx)}</span> <span className="tx">↑{compact(tx)}</span>{' '}
      <span className="unit">pps</span>
    </div>
  );
});

export const ClusterNode = memo(function ClusterNode({ data, selected }: NodeProps<ClusterFlowNode>) {
  const { cluster, name } = data;
  return (
    <div
      className="cluster"
      data-testid={`cluster-${cluster.segment}`}
      data-count={cluster.members.length}
      data-selected={selected}
      title={`${cluster.members.length} hosts on ${name}: zoom in to see them`}
    >
      <div className="cluster-label">
        <div className="cluster-count">{cluster.members.length.toLocaleString('en')} hosts</div>
        <ClusterCounters id={cluster.segment} members={cluster.members} />
      </div>
    </div>
  );
});
