/**
 * Counter streams, one per subscribed session, each at its own rate,
 * sampled from the running network's backend.
 */
import type { Session } from '../session.js';
import { notificationLine } from '../rpc.js';
import { StatsSampler } from '../stats.js';
import type { RunningNetwork } from './running.js';

/** How often the links' programs' maps are sent (and in every full notification): a few counters each, read by system calls of their own. */
const PROGRAMS_EVERY_MS = 1000;

interface Subscription {
  timer: NodeJS.Timeout;
  sampler: StatsSampler;
  busy: boolean;
  programsSentAt: number;
}

export class StatsStreams {
  private readonly subscriptions = new Map<Session, Subscription>();

  constructor(private readonly network: RunningNetwork) {}

  /**
   * Starts (or re-rates) a session's stream; hz 0 stops it. A stream already running keeps its rates'
   * window and sends a full notification next.
   */
  subscribe(session: Session, hz: number): void {
    const sampler = this.subscriptions.get(session)?.sampler;
    this.unsubscribe(session);
    if (hz === 0) return;
    sampler?.askFull();
    const subscription: Subscription = {
      sampler: sampler ?? new StatsSampler(),
      busy: false,
      programsSentAt: -Infinity,
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
      if (payload.full || payload.time - subscription.programsSentAt >= PROGRAMS_EVERY_MS) {
        const programs = this.network.programs.counters();
        if (Object.keys(programs).length) payload.programs = programs;
        subscription.programsSentAt = payload.time;
      }
      session.send(notificationLine('stats', payload));
    } catch {
      // The network changed under the read; the next tick reads again.
    } finally {
      subscription.busy = false;
    }
  }
}
