/**
 * Synthetic counters for the 10,000-host document, which the bench does not
 * start (a real start takes minutes of both cores): the page's WebSocket is
 * routed through the bench, which passes every message on unchanged (but,
 * once it streams its own, the helper's counters of the network it does not
 * run) and adds the helper's own notifications: one `network.state` saying the network
 * runs (and answers the view's `network.get` with the document, so that it attaches), then `stats` at the rate
 * the view subscribed (`stats.subscribe`, as the helper would): a full one, then ticks that list, as the
 * helper's do, only what changed: a tenth of the hosts and links, in turn
 * (as many as the whole 1,000-host sample). Every entry changing every tick
 * is out of reach of any renderer here: the page spends ~30 ms parsing such
 * a 1 MB tick and ~40 ms folding it, measured in Node on this machine.
 */
import type { Page, WebSocketRoute } from 'playwright-core';
import {
  STOPPED_STATUS,
  type CounterTuple,
  type NetworkStatus,
  type Notifications,
  type RunningDocument,
} from '../../common/protocol/helper.js';
import type { Topology } from '../../common/topology/index.js';
import type { WebEvent, WebReply, WebRequest } from '../../app/common/web-protocol.js';
import { WEB_API_PATH } from '../../app/common/web-protocol.js';

/** The rate until the view asks for its own. */
const DEFAULT_HZ = 10;

/** Counters after `tick` ticks of a steady flow whose rate differs per entry. */
function tuple(index: number, tick: number): CounterTuple {
  const pps = 1 + ((index * 7 + tick) % 50);
  const packets = pps * tick;
  return [packets, packets, packets * 100, packets * 100, 0, pps, pps, pps * 100, pps * 100];
}

/** One in this many entries changes in a tick. */
const CHANGING = 10;

function statsTick(topology: Topology, tick: number, time: number): Notifications['stats'] {
  const full = tick === 1;
  const changes = (i: number) => full || i % CHANGING === tick % CHANGING;
  const entries = (ids: string[]) =>
    Object.fromEntries(ids.flatMap((id, i) => (changes(i) ? [[id, tuple(i, tick)]] : [])));
  const hosts = topology.nodes.filter((n) => n.kind === 'host' || n.kind === 'router').map((n) => n.id);
  return { time, full, hosts: entries(hosts), links: entries(topology.links.map((l) => l.id)) };
}

const send = (socket: WebSocketRoute, event: WebEvent) => socket.send(JSON.stringify(event));

export interface SyntheticCounters {
  /** Says the network runs, then streams counters of `topology` at the view's rate until stopped. */
  start(topology: Topology): void;
  stop(): void;
  /** Stats events sent so far. */
  sent(): number;
  /** Updates per second the view subscribed to. */
  hz(): number;
}

/** Routes the page's socket through the bench; call before the page loads. */
export async function routeSyntheticCounters(page: Page): Promise<SyntheticCounters> {
  let socket: WebSocketRoute | undefined;
  let timer: NodeJS.Timeout | undefined;
  let tick = 0;
  let time = 0;
  let hz = DEFAULT_HZ;
  /** The network the bench says runs, once started. */
  let running: RunningDocument | undefined;
  /** Sends a tick every 1/hz s from now on; again at the view's rate once it subscribes (after it hears the network runs). */
  const stream = (to: WebSocketRoute, topology: Topology) => {
    clearInterval(timer);
    const tickMs = 1000 / hz;
    timer = setInterval(() => {
      time += tickMs;
      send(to, { event: 'stats', payload: statsTick(topology, ++tick, time) });
    }, tickMs);
  };
  await page.routeWebSocket(
    (url) => url.pathname === WEB_API_PATH,
    (route) => {
      socket = route;
      const server = route.connectToServer();
      server.onMessage((message) => {
        if (!(timer && typeof message === 'string' && message.startsWith('{"event":"stats"'))) route.send(message);
      });
      // The view attaches to the network it is told runs: it asks for its document, which the bench holds.
      route.onMessage((message) => {
        const request = typeof message === 'string' ? (JSON.parse(message) as WebRequest) : undefined;
        const asked = request?.channel === 'stats.subscribe' ? (request.args[0] as { hz: number }).hz : 0;
        if (asked > 0) {
          hz = asked;
          if (timer && running) stream(route, running.topology);
        }
        if (request?.channel !== 'network.get' || !running) return server.send(message);
        const reply: WebReply = { id: request.id, ok: true, result: running };
        route.send(JSON.stringify(reply));
      });
    },
  );
  return {
    start(topology) {
      const to = socket;
      if (!to) throw new Error('the page has no socket to the server');
      running = { topology, revision: 1 };
      const status: NetworkStatus = { ...STOPPED_STATUS, state: 'running', revision: 1, backend: 'netns' };
      send(to, { event: 'network.state', payload: status });
      stream(to, topology);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    sent: () => tick,
    hz: () => hz,
  };
}
