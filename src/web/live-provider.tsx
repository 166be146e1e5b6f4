// The production's live stream for every screen: one connection per
// production, whether it is open now, and `listen()` for its events and for
// each (re)connect, when whatever was missed must be read again. The stops,
// the armory board and the concern inbox all hear it the same way.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { deviceId } from './device.js';
import { connectLive, type LiveEvent } from './live.js';
import { useOutbox } from './outbox.js';

/** What listeners hear: every live event, and `open` when the stream (re)connects. */
export type LiveSignal = LiveEvent | { type: 'open' };

interface LiveValue {
  productionId: string;
  /** the live stream is open right now; null until the first attempt has ended */
  connected: boolean | null;
  listen(listener: (signal: LiveSignal) => void): () => void;
}

const LiveContext = createContext<LiveValue | null>(null);

export function LiveProvider({ productionId, children }: { productionId: string; children: ReactNode }) {
  const outbox = useOutbox();
  const [connected, setConnected] = useState<boolean | null>(null);
  const listeners = useRef(new Set<(signal: LiveSignal) => void>());

  useEffect(() => {
    const signal = (s: LiveSignal) => {
      for (const listener of listeners.current) listener(s);
    };
    const disconnect = connectLive(productionId, deviceId(), {
      open: () => {
        setConnected(true);
        signal({ type: 'open' });
        // The server answers again: whatever waited in the outbox can go now.
        void outbox.flush();
      },
      closed: () => setConnected(false),
      event: signal,
    });
    // A stop sent from this device is heard at once, without waiting for the stream to echo it.
    const offDelivered = outbox.onDelivered((write, stop) => {
      if (stop && write.kind === 'stop' && write.productionId === productionId) signal({ type: 'stop.raised', stop });
    });
    return () => {
      disconnect();
      offDelivered();
    };
  }, [productionId, outbox]);

  const listen = useCallback((listener: (signal: LiveSignal) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  const value = useMemo<LiveValue>(() => ({ productionId, connected, listen }), [productionId, connected, listen]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The current production's live stream, or null where no production is in view (sign-in, the public set page). */
export function useLive(): LiveValue | null {
  return useContext(LiveContext);
}
