/** Node kinds to drag onto the canvas (a click adds one in the middle of the view). */
import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import { NODE_KINDS, type NodeKind } from '../../../common/topology/index.js';
import { addNode } from '../actions/create.js';
import { NODE_SIZE } from '../actions/layout.js';
import { PALETTE_MIME } from '../canvas/Canvas.js';
import { KindIcon } from '../canvas/icons.js';
import { getState } from '../store/index.js';

const HINTS: Record<NodeKind, string> = {
  host: 'A machine with its own network stack',
  router: 'Forwards between subnets',
  switch: 'Learning layer-2 switch',
  hub: 'Repeats every frame to all ports',
};

export function Palette() {
  const { screenToFlowPosition } = useReactFlow();

  const addInView = (kind: NodeKind) => {
    const pane = document.querySelector('.canvas')?.getBoundingClientRect();
    if (!pane) return;
    const centre = screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
    getState().perform(addNode, {
      kind,
      position: { x: centre.x - NODE_SIZE.width / 2, y: centre.y - NODE_SIZE.height / 2 },
    });
  };

  const onDragStart = (event: DragEvent, kind: NodeKind) => {
    event.dataTransfer.setData(PALETTE_MIME, kind);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <nav className="palette" aria-label="Node kinds">
      {NODE_KINDS.map((kind) => (
        <button
          type="button"
          key={kind}
          className={`palette-item kind-${kind}`}
          data-testid={`palette-${kind}`}
          draggable
          title={`${HINTS[kind]} — drag onto the canvas`}
          onDragStart={(event) => onDragStart(event, kind)}
          onClick={() => addInView(kind)}
        >
          <KindIcon kind={kind} size={24} />
          <span>{kind}</span>
        </button>
      ))}
    </nav>
  );
}
