import { afterEach, describe, expect, it } from 'vitest';
import type { LiveRoute, NodeRouting } from '../../../common/protocol/helper.js';
import { getState, initialState, useStore } from './index.js';
import { routeKey } from './routing.js';

afterEach(() => useStore.setState(initialState(), true));

const route = (destination: string, via?: string): LiveRoute => ({
  family: 4,
  destination,
  ...(via !== undefined && { via }),
  device: 'eth0',
  protocol: via ? 'ospf' : 'kernel',
});
const answer = (...routes: LiveRoute[]): NodeRouting => ({ routes, daemons: [], neighbours: [] });

describe('the routing slice', () => {
  it('marks nothing on the first answer, then what appeared and what vanished since the one before', () => {
    getState().followRouter('r1');
    getState().routesAnswered('r1', answer(route('10.0.0.0/24'), route('10.0.1.0/24', '10.0.0.2')));
    expect(getState().routerView).toMatchObject({ appeared: new Set(), vanished: [] });
    const around = route('10.0.1.0/24', '10.0.5.1');
    getState().routesAnswered('r1', answer(route('10.0.0.0/24'), around));
    expect(getState().routerView?.appeared).toEqual(new Set([routeKey(around)]));
    expect(getState().routerView?.vanished).toEqual([route('10.0.1.0/24', '10.0.0.2')]);
    getState().routesAnswered('r1', answer(route('10.0.0.0/24'), around));
    expect(getState().routerView).toMatchObject({ appeared: new Set(), vanished: [] });
  });

  it('keeps a problem until an answer, and ignores answers for a router no longer followed', () => {
    getState().followRouter('r1');
    getState().routesFailed('r1', 'FRR is not running on r1.');
    expect(getState().routerView?.problem).toBe('FRR is not running on r1.');
    getState().routesAnswered('r1', answer());
    expect(getState().routerView?.problem).toBeUndefined();
    getState().followRouter('r2');
    getState().routesAnswered('r1', answer(route('10.0.0.0/24')));
    expect(getState().routerView).toMatchObject({ node: 'r2', routing: undefined });
    getState().followRouter(undefined);
    expect(getState().routerView).toBeUndefined();
  });
});
