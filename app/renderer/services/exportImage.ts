/**
 * Export PNG: the canvas as it is on screen (node icons, names, status dots,
 * link labels, counters, interfaces), at twice its size, downloaded as
 * `<document name>.png`. The drawing is copied with each element's computed
 * style written inline, wrapped in an SVG foreignObject and painted onto a 2D
 * canvas, so nothing is drawn a second way here. The canvas's own controls
 * (zoom buttons, overview) stay out of the picture.
 */
import { getState } from '../store/index.js';
import { emptyTopology, type State } from '../store/state.js';
import { download } from '../lib/download.js';
import { baseName } from '../lib/paths.js';
import { reportError } from './files.js';

/** Pixels per CSS pixel: sharp in a document or on a high-density screen, whatever this one is. */
export const EXPORT_SCALE = 2;
/** What the canvas shows over the drawing that is not part of it. */
const NOT_DRAWN = '.react-flow__panel, .react-flow__minimap, .react-flow__attribution';

/** `element` and its subtree with every computed style inline (a foreignObject has no style sheets). */
function inlined(element: Element): Element {
  const copy = element.cloneNode(false) as Element;
  if (copy instanceof HTMLElement || copy instanceof SVGElement) {
    const computed = getComputedStyle(element);
    for (const property of computed) copy.style.setProperty(property, computed.getPropertyValue(property));
  }
  for (const child of element.childNodes) {
    if (child instanceof Element) {
      if (!child.matches(NOT_DRAWN)) copy.appendChild(inlined(child));
    } else copy.appendChild(child.cloneNode(false));
  }
  return copy;
}

/** The colour the canvas is seen on: its own background, else the nearest one behind it (the page's). */
function backdrop(element: Element | null): string {
  for (let at = element; at; at = at.parentElement) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
  }
  return '#ffffff';
}

async function rasterise(element: HTMLElement): Promise<Blob | null> {
  const { width, height } = element.getBoundingClientRect();
  const markup = new XMLSerializer().serializeToString(inlined(element));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<foreignObject x="0" y="0" width="100%" height="100%">${markup}</foreignObject></svg>`;
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * EXPORT_SCALE);
  canvas.height = Math.round(height * EXPORT_SCALE);
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.scale(EXPORT_SCALE, EXPORT_SCALE);
  context.fillStyle = backdrop(element);
  context.fillRect(0, 0, width, height);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

/** The document's file name (or else its network's name) with `.png`; an untitled one is `network.png`. */
export function imageName({ path, topology }: Pick<State, 'path' | 'topology'>): string {
  const name = (path ? baseName(path).replace(/\.json$/i, '') : topology.name)
    .trim()
    // A network's name may hold what file names cannot.
    .replace(/[/\\:*?"<>|\p{Cc}]/gu, '-');
  return `${!name || name === emptyTopology().name ? 'network' : name}.png`;
}

export async function exportImage(): Promise<void> {
  if (!getState().topology.nodes.length) return reportError('Nothing to export: the network is empty.');
  const drawing = document.querySelector<HTMLElement>('.canvas .react-flow');
  if (!drawing) return reportError('Nothing to export: the canvas is not shown.');
  const blob = await rasterise(drawing).catch(() => null);
  if (!blob) return reportError('This browser could not turn the canvas into an image.');
  download(imageName(getState()), blob);
}
