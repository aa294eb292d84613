/**
 * Node kinds, and the templates the document carries or that are offered (the user's folder, the shipped
 * ones), to drag onto the canvas (a click adds one in the middle of the view).
 */
import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import type { TemplateSource } from '../../../common/templates/catalog.js';
import { NODE_KINDS, type NodeKind } from '../../../common/topology/index.js';
import { addNode, paletteData, paletteTemplates, type PaletteChoice } from '../actions/create.js';
import { NODE_SIZE } from '../actions/layout.js';
import { PALETTE_MIME } from '../canvas/Canvas.js';
import { KindIcon } from '../canvas/icons.js';
import { getState, useStore } from '../store/index.js';

const HINTS: Record<NodeKind, string> = {
  host: 'A machine with its own network stack',
  router: 'Forwards between subnets',
  switch: 'Learning layer-2 switch',
  hub: 'Repeats every frame to all ports',
};

const SOURCE: Record<TemplateSource, string> = { document: "the document's", user: 'your folder', shipped: 'shipped' };

export function Palette() {
  const { screenToFlowPosition } = useReactFlow();
  const documentTemplates = useStore((s) => s.topology.templates);
  const offered = useStore((s) => s.templates);
  const templates = paletteTemplates({ templates: documentTemplates }, offered);

  const addInView = (choice: PaletteChoice) => {
    const pane = document.querySelector('.canvas')?.getBoundingClientRect();
    if (!pane) return;
    const centre = screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
    getState().perform(addNode, {
      ...choice,
      position: { x: centre.x - NODE_SIZE.width / 2, y: centre.y - NODE_SIZE.height / 2 },
    });
  };

  const onDragStart = (event: DragEvent, choice: PaletteChoice) => {
    event.dataTransfer.setData(PALETTE_MIME, paletteData(choice));
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
          onDragStart={(event) => onDragStart(event, { kind })}
          onClick={() => addInView({ kind })}
        >
          <KindIcon kind={kind} size={24} />
          <span>{kind}</span>
        </button>
      ))}
      {templates.map((offer) => (
        <button
          type="button"
          key={`template-${offer.name}`}
          className="palette-item palette-template"
          data-testid={`palette-template-${offer.name}`}
          draggable
          title={`${offer.template.description ?? offer.name} (${SOURCE[offer.from]}) — drag onto the canvas`}
          onDragStart={(event) => onDragStart(event, { kind: 'host', template: offer })}
          onClick={() => addInView({ kind: 'host', template: offer })}
        >
          <span className="template-badge" style={{ background: offer.template.colour }}>
            {offer.template.icon}
          </span>
          <span>{offer.name}</span>
        </button>
      ))}
    </nav>
  );
}
