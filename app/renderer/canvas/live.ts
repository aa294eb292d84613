/**
 * Numbers that change at every stats update (the rates on nodes and links),
 * written straight into their elements rather than rendered: zustand's
 * transient updates (the rates drawn on a canvas each: drawText). On a
 * running 1,000-host view, rendering the ~250 rate
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

/** What a class of canvases draws with, read from the CSS of its first canvas (one style read, not one per canvas). */
interface Look {
  width: number;
  height: number;
  font: string;
  colour: string;
  lineHeight: number;
}

const looks = new Map<string, Look>();

function lookOf(canvas: HTMLCanvasElement): Look {
  const known = looks.get(canvas.className);
  if (known) return known;
  const style = getComputedStyle(canvas);
  const look = {
    width: canvas.clientWidth,
    height: canvas.clientHeight,
    // Not style.font: that shorthand is empty when a longhand it cannot say is set (font-variant-numeric).
    font: `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`,
    colour: style.color,
    // A line height of `normal` is about 1.2 em.
    lineHeight: parseFloat(style.lineHeight) || 1.2 * parseFloat(style.fontSize),
  };
  // Not kept before the canvas is laid out (a size of 0): the next canvas of its class reads again.
  if (look.width && look.height) looks.set(canvas.className, look);
  return look;
}

/** A canvas's 2D context, set up for its class's look at its first drawing. */
interface Pen {
  context: CanvasRenderingContext2D;
  look: Look;
}

const pens = new WeakMap<HTMLCanvasElement, Pen>();

function penOf(canvas: HTMLCanvasElement): Pen | undefined {
  const known = pens.get(canvas);
  if (known) return known;
  const look = lookOf(canvas);
  if (!look.width || !look.height) return undefined;
  const scale = devicePixelRatio * SHARP_TO_ZOOM;
  canvas.width = Math.ceil(look.width * scale);
  canvas.height = Math.ceil(look.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.scale(scale, scale);
  context.font = look.font;
  context.fillStyle = look.colour;
  context.textBaseline = 'middle';
  const pen = { context, look };
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
  const pen = penOf(canvas);
  // Not laid out yet: drawn at the next change.
  if (!pen) return;
  canvas.setAttribute('aria-label', text);
  const { context, look } = pen;
  context.clearRect(0, 0, look.width, look.height);
  text.split('\n').forEach((line, i) => context.fillText(line, 0, (i + 0.5) * look.lineHeight));
}
