/**
 * What part of the drawing React Flow holds, following the view: the
 * region around it (region.ts) and whether hosts are clustered (below
 * DETAIL_ZOOM). Both change only when the view crosses a bound, so a pan
 * step costs a comparison, not a re-render. The zoom also goes to a CSS
 * variable, which keeps switch, router and cluster labels readable when
 * zoomed out without re-rendering a node.
 */
import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useEffect, useState, type RefObject } from 'react';
import { DETAIL_ZOOM } from './flow.js';
import { visibleArea, type Box } from './geometry.js';
import { needsNewRegion, regionAround } from './region.js';

export interface ViewWindow {
  /** Undefined until the canvas has a size. */
  region: Box | undefined;
  collapsed: boolean;
}

export function useViewWindow(element: RefObject<HTMLDivElement | null>): ViewWindow {
  const store = useStoreApi();
  const [window, setWindow] = useState<ViewWindow>({ region: undefined, collapsed: false });
  useEffect(() => {
    let current: ViewWindow = { region: undefined, collapsed: false };
    let zoom = NaN;
    const follow = ({ transform, width, height }: ReactFlowState) => {
      if (transform[2] !== zoom) {
        zoom = transform[2];
        element.current?.style.setProperty('--zoom', String(zoom));
      }
      if (!width || !height) return;
      const view = visibleArea(transform, width, height);
      const collapsed = zoom < DETAIL_ZOOM;
      if (collapsed === current.collapsed && !needsNewRegion(current.region, view)) return;
      current = { region: regionAround(view), collapsed };
      setWindow(current);
    };
    follow(store.getState());
    return store.subscribe(follow);
  }, [store, element]);
  return window;
}
