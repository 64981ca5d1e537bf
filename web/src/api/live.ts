/**
 * Live updates: one EventSource on GET /api/live per page that wants them. The browser reconnects
 * by itself when the stream ends (the server ends each after a while, and on restarts); when the
 * server refuses (the session ended), the stream closes for good and we report 'closed'.
 */
import { useEffect, useRef, useState } from 'react';
import type { LiveMessage } from './types';

export type LiveStatus = 'connecting' | 'open' | 'closed';

export function useLiveEvents(onMessage: (message: LiveMessage) => void, enabled = true): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setStatus('closed');
      return;
    }
    setStatus('connecting');
    const source = new EventSource('/api/live');
    let wasOpen = false;
    source.addEventListener('ready', () => {
      // after a reconnect, changes made while we were away were missed: refresh as for a change
      if (wasOpen) handler.current({ kind: 'resync' });
      wasOpen = true;
      setStatus('open');
    });
    // an EventSource message's data is always text
    source.onmessage = (event: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(event.data) as LiveMessage);
      } catch {
        // not ours: ignore
      }
    };
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    return () => source.close();
  }, [enabled]);
  return status;
}
