/**
 * A node on the canvas: icon, name, and for hosts and routers the live
 * packet and byte rates, in and out; zoomed out, a coloured box, with the
 * name of a switch, hub or router kept readable above it. The counters
 * are a child that subscribes to this node's own entry, so a stats tick
 * re-renders only nodes whose numbers changed.
 */
import { Handle, Position, useStore as useFlowStore, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { STACK_KINDS, type NodeKind } from '../../../common/topology/index.js';
import { compact } from '../lib/format.js';
import { useStore } from '../store/index.js';
import { useLabMarks } from './labMarks.js';
import { GROUP_COLOURS, partitionGroup } from './faults.js';
import { showsDetail, type DeviceFlowNode } from './flow.js';
import { KindIcon } from './icons.js';

const NodeCounters = memo(function NodeCounters({ id, kind }: { id: string; kind: NodeKind }) {
  const sample = useStore((s) => s.hostCounters[id]);
  if (!sample) return <div className="device-kind">{kind}</div>;
  return (
    <div
      className="device-counters"
      data-testid={`node-counters-${id}`}
      data-rx-packets={sample.rxPackets}
      data-tx-packets={sample.txPackets}
      data-rx-pps={sample.rxPps}
      data-tx-pps={sample.txPps}
      title={`totals: ${sample.rxPackets} packets in, ${sample.txPackets} out`}
    >
      <div>
        <span className="rx">↓{compact(sample.rxPps)}</span> <span className="tx">↑{compact(sample.txPps)}</span>{' '}
        <span className="unit">pps</span>
      </div>
      <div>
        <span className="rx">↓{compact(sample.rxBps)}</span> <span className="tx">↑{compact(sample.txBps)}</span>{' '}
        <span className="unit">B/s</span>
      </div>
    </div>
  );
});

function DeviceDetail({ id, data }: Pick<NodeProps<DeviceFlowNode>, 'id' | 'data'>) {
  return (
    <>
      <div className="device-icon">
        <KindIcon kind={data.kind} />
      </div>
      <div className="device-text">
        <div className="device-name" data-testid={`node-name-${id}`}>
          {data.name}
        </div>
        {STACK_KINDS.includes(data.kind) ? (
          <NodeCounters id={id} kind={data.kind} />
        ) : (
          <div className="device-kind">{data.kind}</div>
        )}
      </div>
    </>
  );
}

export const DeviceNode = memo(function DeviceNode({ id, data, selected }: NodeProps<DeviceFlowNode>) {
  const detailed = useFlowStore(showsDetail);
  const crashed = useStore((s) => s.faults.crashed.includes(id));
  const group = useStore((s) => partitionGroup(s.faults, id));
  const lab = useLabMarks({ node: id });
  return (
    <div
      className={`device device-${data.kind}${detailed ? '' : ' compact'}${crashed ? ' crashed' : ''}${lab.className}`}
      data-testid={`node-${id}`}
      data-kind={data.kind}
      data-selected={selected}
      data-crashed={crashed}
      data-locked={lab.locked}
      data-lab-focus={lab.focus}
      data-partition-group={group}
      style={group === undefined ? undefined : { outlineColor: GROUP_COLOURS[group % GROUP_COLOURS.length] }}
      title={crashed ? `${data.name} is crashed: restart it from its menu` : undefined}
    >
      <Handle type="source" id="top" position={Position.Top} data-testid={`handle-${id}-top`} />
      {detailed ? (
        <DeviceDetail id={id} data={data} />
      ) : (
        data.kind !== 'host' && (
          <div className="device-label" data-testid={`node-label-${id}`}>
            {data.name}
          </div>
        )
      )}
      <Handle type="source" id="bottom" position={Position.Bottom} data-testid={`handle-${id}-bottom`} />
    </div>
  );
});
