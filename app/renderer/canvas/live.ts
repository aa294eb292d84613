/**
 * Numbers that change at every stats update (the rates on nodes and links),
 * written straight into their elements rather than rendered: zustand's
 * transient updates. On a running 1,000-host view, rendering the ~250 rate
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
