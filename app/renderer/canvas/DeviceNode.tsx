/**
 * A node on the canvas: icon, name, a status dot while the network runs,
 * a host's process count, and for hosts and routers the live packet and
 * bit rates, in and out (compact: they fit the node at any rate; the
 * tooltip has them in full); zoomed out, a coloured box, with the
 * name of a switch, hub or router kept readable above it. The counters'
 * texts are written as this node's entry changes (live.ts): a stats tick
 * renders no node.
 */
import { useStore as useFlowStore, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CounterSample } from '../../../common/protocol/helper.js';
import { STACK_KINDS, type NodeKind } from '../../../common/topology/index.js';
import { bitRate, compact, grouped, packetRate } from '../lib/format.js';
import { getState, useStore } from '../store/index.js';
import type { State } from '../store/state.js';
import { useLabMarks } from './labMarks.js';
import { GROUP_COLOURS, partitionGroup } from './faults.js';
import { showsDetail, type DeviceFlowNode } from './flow.js';
import { NodeHandles, usePointed } from './handles.js';
import { KindIcon } from './icons.js';
import { drawText, useLiveCounters } from './live.js';

/** The counters' tooltip, in full: made when the pointer comes over, not written at every update. */
function countersTitle(id: string): string {
  const sample = getState().hostCounters[id];
  if (!sample) return '';
  const { rxPps, txPps, rxBps, txBps } = sample;
  return `in ${packetRate(rxPps)}, ${bitRate(rxBps)}; out ${packetRate(txPps)}, ${bitRate(txBps)}; totals ${grouped(sample.rxPackets)} packets in, ${grouped(sample.txPackets)} out`;
}

/** Both lines drawn on the rates' canvas (live.ts: drawText); the figures also as data attributes. */
function writeCounters(element: HTMLElement, sample: CounterSample): void {
  const { rxPps, txPps, rxBps, txBps } = sample;
  const { dataset } = element;
  dataset.rxPackets = String(sample.rxPackets);
  dataset.txPackets = String(sample.txPackets);
  dataset.rxPps = String(rxPps);
  dataset.txPps = String(txPps);
  const canvas = element.firstElementChild;
  if (canvas instanceof HTMLCanvasElement)
    drawText(canvas, `↓${compact(rxPps)} ↑${compact(txPps)} pps\n↓${compact(rxBps * 8)} ↑${compact(txBps * 8)} bit/s`);
}

/** The rates, once the node has counters; their numbers are kept current by useLive, not by rendering. */
const NodeCounters = memo(function NodeCounters({ id }: { id: string }) {
  const counted = useStore((s) => s.hostCounters[id] !== undefined);
  const live = useLiveCounters('hostCounters', id, writeCounters);
  if (!counted) return null;
  return (
    <div
      ref={live}
      className="device-counters"
      data-testid={`node-counters-${id}`}
      onPointerEnter={(event) => (event.currentTarget.title = countersTitle(id))}
    >
      <canvas className="device-rates" data-testid={`node-pps-${id}`} role="img" />
    </div>
  );
});

/** Processes per host, counted once per process list (not once per node). */
const counted = new WeakMap<State['processes'], Map<string, number>>();
function processCount(processes: State['processes'], host: string): number {
  let counts = counted.get(processes);
  if (!counts) {
    counts = new Map();
    for (const p of processes) counts.set(p.host, (counts.get(p.host) ?? 0) + 1);
    counted.set(processes, counts);
  }
  return counts.get(host) ?? 0;
}

/** A green dot on a running node, red on a crashed one; nothing while the network is stopped. */
function StatusMarks({ id, kind, crashed }: { id: string; kind: NodeKind; crashed: boolean }) {
  const running = useStore((s) => s.networkState === 'running');
  const processes = useStore((s) => (kind === 'host' ? processCount(s.processes, id) : 0));
  if (!running) return null;
  return (
    <>
      <span
        className={`status-dot${crashed ? ' down' : ''}`}
        data-testid={`node-status-${id}`}
        title={crashed ? 'crashed' : 'running'}
      />
      {processes > 0 && (
        <span className="process-count" data-testid={`node-processes-${id}`} title={`${processes} processes`}>
          {processes}
        </span>
      )}
    </>
  );
}

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
        <div className="device-kind">{data.kind}</div>
      </div>
      {STACK_KINDS.includes(data.kind) && <NodeCounters id={id} />}
    </>
  );
}

export const DeviceNode = memo(function DeviceNode({ id, data, selected }: NodeProps<DeviceFlowNode>) {
  const detailed = useFlowStore(showsDetail);
  const crashed = useStore((s) => s.faults.crashed.includes(id));
  const group = useStore((s) => partitionGroup(s.faults, id));
  const lab = useLabMarks({ node: id });
  const [pointed, pointer] = usePointed();
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
      {...pointer}
    >
      <NodeHandles node={id} live={pointed || selected} />
      {detailed ? (
        <>
          <DeviceDetail id={id} data={data} />
          <StatusMarks id={id} kind={data.kind} crashed={crashed} />
        </>
      ) : (
        data.kind !== 'host' && (
          <div className="device-label" data-testid={`node-label-${id}`}>
            {data.name}
          </div>
        )
      )}
    </div>
  );
});
