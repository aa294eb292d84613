/**
 * Captures as the main process sees them. The helper knows one session (this
 * process), but a capture belongs to the view that started it (a window, a
 * browser tab): its frames go to that view alone, and a view closed or
 * reloaded stops its captures, as the helper does for a client gone. Main also
 * feeds "Open in Wireshark" from here, with the capture's own frames.
 */
import type { CaptureInterface, Notifications, Params, Results } from '../../common/protocol/helper.js';
import type { HelperSupervisor } from './helper-supervisor.js';
import { WiresharkPipe, wiresharkSupport } from './wireshark.js';

/** Whatever a transport calls a view: a WebSocket, a window's contents. */
export type View = object;

interface Owned {
  view: View;
  interfaces: CaptureInterface[];
  wireshark?: WiresharkPipe;
}

type CaptureNotification = Notifications['capture.packets'] | Notifications['capture.ended'];

export class Captures {
  private readonly owned = new Map<number, Owned>();

  constructor(private readonly helper: HelperSupervisor) {
    helper.subscribe((name, payload) => {
      if (name === 'capture.packets') this.packets(payload as Notifications['capture.packets']);
      if (name === 'capture.ended') this.forget((payload as Notifications['capture.ended']).capture);
      if (name === 'helper.state') this.helperGone();
    });
  }

  async start(view: View, params: Params<'capture.start'>): Promise<Results['capture.start']> {
    const started = await this.helper.call('capture.start', params);
    this.owned.set(started.capture, { view, interfaces: started.interfaces });
    return started;
  }

  async stop(view: View, capture: number): Promise<Results['capture.stop']> {
    this.ownedBy(view, capture);
    const totals = await this.helper.call('capture.stop', { capture });
    this.forget(capture);
    return totals;
  }

  openInWireshark(view: View, capture: number): WiresharkPipe {
    const owned = this.ownedBy(view, capture);
    const support = wiresharkSupport();
    if (!support.available) throw new Error(support.reason);
    if (owned.wireshark?.running) throw new Error('This capture is already open in Wireshark');
    owned.wireshark = new WiresharkPipe(owned.interfaces);
    return owned.wireshark;
  }

  /** The view a capture notification is for; undefined for every other notification (they go to all). */
  viewOf(name: string, payload: unknown): View | null | undefined {
    if (name !== 'capture.packets' && name !== 'capture.ended') return undefined;
    return this.owned.get((payload as CaptureNotification).capture)?.view ?? null;
  }

  /** The view closed or reloaded: nobody reads its captures any more. */
  async closeView(view: View): Promise<void> {
    const mine = [...this.owned].filter(([, owned]) => owned.view === view).map(([id]) => id);
    await Promise.allSettled(mine.map((capture) => this.stop(view, capture)));
  }

  private ownedBy(view: View, capture: number): Owned {
    const owned = this.owned.get(capture);
    if (!owned || owned.view !== view) throw new Error(`Capture ${capture} is not running in this window`);
    return owned;
  }

  private packets({ capture, packets }: Notifications['capture.packets']): void {
    this.owned.get(capture)?.wireshark?.write(packets);
  }

  private forget(capture: number): void {
    this.owned.get(capture)?.wireshark?.end();
    this.owned.delete(capture);
  }

  /** A helper that stopped or restarted took its captures with it. */
  private helperGone(): void {
    if (this.helper.state.state === 'ready') return;
    for (const capture of [...this.owned.keys()]) this.forget(capture);
  }
}
