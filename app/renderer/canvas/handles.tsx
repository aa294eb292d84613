/**
 * Where a link starts and ends: a handle on each side of a node, on the
 * node under the pointer or selected only (as they are drawn). Every node
 * in view holding four, always, cost a 10,000-host view a third of each pan
 * step: each is an element to lay out, paint and measure, and a store
 * subscription of React Flow's that runs at every step. A person drawing a
 * link points at the node it ends on, so its handles are there when the
 * link arrives. React Flow draws a link only between nodes it has measured
 * a handle on (links here are drawn border to border, whatever the handle),
 * so every other node keeps one hidden anchor in the markup of a handle;
 * and as React Flow reads handles from the DOM when it measures a node, it
 * is told to measure again whenever they come or go.
 */
import { Handle, Position, useStoreApi, useUpdateNodeInternals } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react';

const SIDES = { top: Position.Top, right: Position.Right, bottom: Position.Bottom, left: Position.Left } as const;

/** What React Flow measures as a handle: not drawn, not hit, not a link's end. */
const Anchor = ({ node }: { node: string }) => (
  <div
    className="react-flow__handle react-flow__handle-top source handle-anchor"
    data-handleid="top"
    data-nodeid={node}
    data-handlepos="top"
  />
);

/** A link may start on any side (links are drawn border to border whichever handle started them). */
export function NodeHandles({ node, live }: { node: string; live: boolean }) {
  const updateNodeInternals = useUpdateNodeInternals();
  const measured = useRef(live);
  useLayoutEffect(() => {
    if (measured.current === live) return;
    measured.current = live;
    updateNodeInternals(node);
  }, [live, node, updateNodeInternals]);
  if (!live) return <Anchor node={node} />;
  return (Object.keys(SIDES) as (keyof typeof SIDES)[]).map((side) => (
    <Handle key={side} type="source" id={side} position={SIDES[side]} data-testid={`handle-${node}-${side}`} />
  ));
}

type PointerHandlers = Record<'onPointerEnter' | 'onPointerMove' | 'onPointerLeave', (event: PointerEvent) => void>;

/**
 * Whether the pointer is over a node, for its handles: hovering, or drawing a link (not a pan or a node
 * drag passing over it, which would give every node it crosses handles). A link drawn out of the node keeps
 * it pointed at until the button is released: the link's start must stay.
 */
export function usePointed(): [boolean, PointerHandlers] {
  const store = useStoreApi();
  const [pointed, setPointed] = useState(false);
  const over = useRef(false);
  const handlers = useMemo(() => {
    const linking = (event: PointerEvent) => !event.buttons || store.getState().connection.inProgress;
    return {
      onPointerEnter(event: PointerEvent) {
        over.current = true;
        if (linking(event)) setPointed(true);
      },
      // A pan or drag that ends over the node: hovering from then on.
      onPointerMove(event: PointerEvent) {
        if (!event.buttons) setPointed(true);
      },
      onPointerLeave(event: PointerEvent) {
        over.current = false;
        if (!event.buttons || !store.getState().connection.inProgress) return setPointed(false);
        window.addEventListener('pointerup', () => setPointed(over.current), { once: true });
      },
    };
  }, [store]);
  return [pointed, handlers];
}
