/**
 * Counter streams, one per subscribed session, each at its own rate,
 * sampled from the running network's backend.
 */
import type { Session } from '../session.js';
import { notificationLine } from '../rpc.js';
import { StatsSampler } from '../stats.js';
import type { RunningNetwork } from './running.js';

interface Subscription {
  timer: NodeJS.Timeout;
  sampler: StatsSampler;
  busy: boolean;
}

export class StatsStreams {
  private readonly subscriptions = new Map<Session, Subscription>();

  constructor(private readonly network: RunningNetwork) {}

  /** Starts (or re-rates) a session's stream; hz 0 stops it. */
  subscribe(session: Session, hz: number): void {
    this.unsubscribe(session);
    if (hz === 0) return;
    const subscription: Subscription = {
      sampler: new StatsSampler(),
      busy: false,
      timer: setInterval(() => void this.tick(session, subscription), 1000 / hz),
    };
    this.subscriptions.set(session, subscription);
  }

  unsubscribe(session: Session): void {
    const subscription = this.subscriptions.get(session);
    if (subscription) clearInterval(subscription.timer);
    this.subscriptions.delete(session);
  }

  /** One sample; skipped while the previous one is still being read. */
  private async tick(session: Session, subscription: Subscription): Promise<void> {
    const backend = this.network.backend;
    if (subscription.busy || this.network.state !== 'running' || !backend) return;
    subscription.busy = true;
    try {
      const plan = this.network.plan;
      const reading = await backend.counters();
      if (this.subscriptions.get(session) !== subscription) return;
      const payload = subscription.sampler.sample(plan, reading);
      // Programs' maps once a second: a few counters each, read by system calls of their own.
      const programs = payload.full ? this.network.programs.counters() : {};
      if (Object.keys(programs).length) payload.programs = programs;
      session.send(notificationLine('stats', payload));
    } catch {
      // The network changed under the read; the next tick reads again.
    } finally {
      subscription.busy = false;
    }
  }
}
