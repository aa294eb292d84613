/**
 * The packet list, virtualised: only the rows in view (and a few around) are
 * in the page, whatever the ring holds, so 50,000 kept packets cost what 30
 * do. It follows the newest packets while scrolled to the bottom.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { getState, useStore } from '../../store/index.js';
import { DROP_WORDS, relativeTime, rowOf } from './rows.js';

/** Pixels a row; fixed, so a row's place is its index times this. */
export const ROW_HEIGHT = 20;
const OVERSCAN = 10;

export interface PacketListProps {
  /** Kept packet numbers to show; undefined: all of the ring. */
  numbers: readonly number[] | undefined;
}

export function PacketList({ numbers }: PacketListProps) {
  const ring = useStore((s) => s.packetRing);
  useStore((s) => s.packetsVersion);
  const epoch = useStore((s) => s.captureEpoch);
  const selected = useStore((s) => s.selectedPacket);
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 300 });
  const [following, setFollowing] = useState(true);
  const count = numbers ? numbers.length : ring.size;
  const nAt = (index: number) => (numbers ? numbers[index] : ring.firstN + index);

  useLayoutEffect(() => {
    const element = box.current;
    if (element && following) element.scrollTop = element.scrollHeight;
  });

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const shown = [];
  for (let index = first; index < last; index++) {
    const n = nAt(index);
    const kept = n === undefined ? undefined : ring.get(n);
    if (!kept) continue;
    const row = rowOf(kept);
    const drop = kept.packet.drop;
    shown.push(
      <div
        key={kept.n}
        role="row"
        aria-selected={selected === kept.n}
        className={`packet-row${drop ? ' dropped' : ''}`}
        style={{ top: index * ROW_HEIGHT }}
        data-testid={`packet-${kept.n}`}
        onClick={() => getState().selectPacket(kept.n)}
        title={drop ? `Dropped by emulation: ${DROP_WORDS[drop]}` : undefined}
      >
        <span className="no">{kept.n}</span>
        <span className="time">{relativeTime(kept.packet.time, epoch)}</span>
        <span className="addr">{row.source}</span>
        <span className="addr">{row.destination}</span>
        <span className="proto">{row.protocol}</span>
        <span className="len">{kept.packet.length}</span>
        <span className="info">
          {drop && <b className="drop-mark">dropped: {drop} </b>}
          {row.summary}
        </span>
      </div>,
    );
  }

  return (
    <div
      ref={box}
      className="packet-list"
      role="grid"
      data-testid="packet-list"
      data-count={count}
      onScroll={(event) => {
        const element = event.currentTarget;
        setView({ top: element.scrollTop, height: element.clientHeight });
        setFollowing(element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT);
      }}
    >
      <div className="packet-rows" style={{ height: count * ROW_HEIGHT }}>
        {shown}
      </div>
    </div>
  );
}
