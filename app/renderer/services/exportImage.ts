/**
 * Export image: draws the document (links, nodes, names) onto a canvas and
 * downloads it as PNG. Drawn from the document rather than copied from the
 * DOM, so every node is in the picture, also those outside the viewport.
 */
import type { NodeKind, Topology } from '../../../common/topology/index.js';
import { NODE_SIZE } from '../actions/layout.js';
import { getState } from '../store/index.js';
import { reportError } from './files.js';
import { download } from '../lib/download.js';

export const KIND_COLOURS: Record<NodeKind, string> = {
  host: '#2563eb',
  router: '#9333ea',
  switch: '#0f766e',
  hub: '#b45309',
};

const MARGIN = 40;
/** Browsers refuse larger canvases. */
const MAX_SIDE = 16_000;

function drawTopology(context: CanvasRenderingContext2D, topology: Topology, originX: number, originY: number): void {
  const centre = new Map(
    topology.nodes.map((n) => [
      n.id,
      { x: n.position.x - originX + NODE_SIZE.width / 2, y: n.position.y - originY + NODE_SIZE.height / 2 },
    ]),
  );
  context.strokeStyle = '#94a3b8';
  context.lineWidth = 2;
  for (const link of topology.links) {
    const a = centre.get(link.a.node);
    const b = centre.get(link.b.node);
    if (!a || !b) continue;
    context.beginPath();
    context.moveTo(a.x, a.y);
    context.lineTo(b.x, b.y);
    context.stroke();
  }
  context.font = '600 14px system-ui, sans-serif';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  for (const node of topology.nodes) {
    const x = node.position.x - originX;
    const y = node.position.y - originY;
    context.fillStyle = '#ffffff';
    context.strokeStyle = KIND_COLOURS[node.kind];
    context.beginPath();
    context.roundRect(x, y, NODE_SIZE.width, NODE_SIZE.height, 8);
    context.fill();
    context.stroke();
    context.fillStyle = '#0f172a';
    context.fillText(node.name, x + NODE_SIZE.width / 2, y + NODE_SIZE.height / 2 - 8);
    context.fillStyle = KIND_COLOURS[node.kind];
    context.font = '12px system-ui, sans-serif';
    context.fillText(node.kind, x + NODE_SIZE.width / 2, y + NODE_SIZE.height / 2 + 12);
    context.font = '600 14px system-ui, sans-serif';
  }
}

export async function exportImage(): Promise<void> {
  const { topology } = getState();
  if (!topology.nodes.length) return reportError(new Error('nothing to export: the network is empty'));
  const xs = topology.nodes.map((n) => n.position.x);
  const ys = topology.nodes.map((n) => n.position.y);
  const originX = Math.min(...xs) - MARGIN;
  const originY = Math.min(...ys) - MARGIN;
  const width = Math.max(...xs) + NODE_SIZE.width + MARGIN - originX;
  const height = Math.max(...ys) + NODE_SIZE.height + MARGIN - originY;
  const scale = Math.min(2, MAX_SIDE / width, MAX_SIDE / height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (!context) return reportError(new Error('this browser cannot draw the image (no 2D canvas)'));
  context.scale(scale, scale);
  context.fillStyle = '#f8fafc';
  context.fillRect(0, 0, width, height);
  drawTopology(context, topology, originX, originY);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) return reportError(new Error('the image could not be encoded'));
  download(`${topology.name || 'network'}.png`, blob);
}
