/**
 * A read of the helper kept live: while `due` says so, `ask` runs, one run at a time (the next waits
 * for the last answer, then for the pause `ask` returns). The start, any store change and the window
 * being shown or hidden look again; `changed` may then ask for a read at once (what is followed
 * changed), dropping the one that was waiting.
 */
import { getState, useStore, type State } from '../store/index.js';

export interface Poll {
  /** Whether to read now (the network runs, the window is seen, there is something to read). */
  due: () => boolean;
  /** One read; resolves with the pause before the next. */
  ask: () => Promise<number>;
  /** At each look (the previous state is the state itself but at a store change): true to read at once in place of a read already waiting. */
  changed?: (state: State, previous: State) => boolean;
}

/** Starts keeping the read live. Returns the function that stops it. */
export function poll({ due, ask, changed }: Poll): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asking = false;
  let ended = false;
  const round = async (): Promise<void> => {
    timer = undefined;
    if (!due()) return;
    asking = true;
    let pause: number;
    try {
      pause = await ask();
    } finally {
      asking = false;
    }
    schedule(pause);
  };
  const schedule = (delay: number) => {
    if (!ended && !asking && timer === undefined && due()) timer = setTimeout(() => void round(), delay);
  };
  const look = (state: State, previous: State) => {
    if (changed?.(state, previous)) {
      clearTimeout(timer);
      timer = undefined;
    }
    schedule(0);
  };
  const lookNow = () => look(getState(), getState());
  const unsubscribe = useStore.subscribe(look);
  document.addEventListener('visibilitychange', lookNow);
  lookNow();
  return () => {
    ended = true;
    clearTimeout(timer);
    unsubscribe();
    document.removeEventListener('visibilitychange', lookNow);
  };
}
