/**
 * Numbers that change at every stats update (the rates on nodes and links),
 * written straight into their elements rather than rendered: zustand's
 * transient updates; the rates drawn on a canvas each (drawText). On a running 1,000-host view, rendering the ~250 rate
 * texts in view took React about 24 ms of each update, more than a frame;
 * writing the texts that changed takes a few. A component renders the
 * element once and re-renders only for what changes its shape (whether its
 * rates show at all); `useLive` keeps the element's text and attributes
 * current from then on.
 */
import { useCallback, useLayoutEffect, useState } from 'react';
import type { CounterSample } from '../../../common/protocol/helper.js';
import { getState, useStore, type State } from '../store/index.js';

/**
 * A callback ref for an element that `write` keeps showing `read(state)`:
 * written before the element is first painted, then whenever the value read
 * changes (by identity). `read` and `write` must keep their identity across
 * renders (module functions, or useCallback).
 */
export function useLive<E extends HTMLElement, T>(
  read: (state: State) => T,
  write: (element: E, value: T) => void,
): (element: E | null) => void {
  const [element, setElement] = useState<E | null>(null);
  useLayoutEffect(() => {
    if (!element) return;
    let last: T | undefined;
    const update = (state: State) => {
      const value = read(state);
      if (value === last) return;
      last = value;
      write(element, value);
    };
    update(getState());
    return useStore.subscribe(update);
  }, [element, read, write]);
  return setElement;
}

/** useLive for a node's or link's counters: `write` is given its sample once it has one. */
export function useLiveCounters<E extends HTMLElement>(
  record: 'hostCounters' | 'linkCounters',
  id: string,
  write: (element: E, sample: CounterSample) => void,
): (element: E | null) => void {
  return useLive(
    useCallback((s: State) => s[record][id], [record, id]),
    useCallback((element: E, sample: CounterSample | undefined) => sample && write(element, sample), [write]),
  );
}

/**
 * Writes a text that changed only (an unchanged one written again would still be laid out again), into
 * the element's text node itself: replacing the node, as textContent does, makes its layout object anew.
 */
export function setText(element: Element | null | undefined, text: string): void {
  const node = element?.firstChild;
  if (node instanceof Text && !node.nextSibling) {
    if (node.data !== text) node.data = text;
  } else if (element) element.textContent = text;
}

/** Backing pixels per CSS pixel beyond the screen's own: drawn text stays sharp up to a zoom of 2. */
const SHARP_TO_ZOOM = 2;

/** A canvas's 2D context set up from its CSS (size, font, colour, line height) at its first drawing. */
interface Pen {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  lineHeight: number;
}

const pens = new WeakMap<HTMLCanvasElement, Pen>();

function penOf(canvas: HTMLCanvasElement): Pen | undefined {
  const known = pens.get(canvas);
  if (known) return known;
  const style = getComputedStyle(canvas);
  const [width, height] = [canvas.clientWidth, canvas.clientHeight];
  const scale = devicePixelRatio * SHARP_TO_ZOOM;
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.scale(scale, scale);
  // Not style.font: that shorthand is empty when a longhand it cannot say is set (font-variant-numeric).
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  context.fillStyle = style.color;
  context.textBaseline = 'middle';
  // A line height of `normal` is about 1.2 em.
  const lineHeight = parseFloat(style.lineHeight) || 1.2 * parseFloat(style.fontSize);
  const pen = { context, width, height, lineHeight };
  pens.set(canvas, pen);
  return pen;
}

/**
 * Shows `text` (lines at "\n") on a canvas, which it names (aria-label: what assistive technology and
 * tests read); only when it changed. Drawn, not a text: a changed text is laid out, and after any
 * layout Chromium hit-tests the page again under a resting pointer; on a running 1,000-host view
 * the two were half of the main thread's time.
 */
export function drawText(canvas: HTMLCanvasElement, text: string): void {
  if (canvas.getAttribute('aria-label') === text) return;
  canvas.setAttribute('aria-label', text);
  const pen = penOf(canvas);
  if (!pen) return;
  pen.context.clearRect(0, 0, pen.width, pen.height);
  text.split('\n').forEach((line, i) => pen.context.fillText(line, 0, (i + 0.5) * pen.lineHeight));
}
