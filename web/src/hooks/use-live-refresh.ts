/**
 * Loading heavy data once, and refreshing it on live changes without a storm. Written for the
 * map, whose points are up to 100,000 (~30 MB of GeoJSON, seconds of server time that an aborted
 * request does not give back); any page with a costly load can use it:
 *
 *   - `afterCommit`: a load starts a microtask after the effect that asked for it, and not at all
 *     if that effect was undone meanwhile — React's StrictMode (development) mounts, unmounts and
 *     mounts again at once, which otherwise sends every first request twice and aborts one.
 *   - `useLiveRefresh`: live changes refresh the data at most once per interval counted from the
 *     end of the last load, never while one is in flight. The deadline sweep reports light changes
 *     every minute, so a page just opened would otherwise refetch everything it has just received
 *     (or abort it half-way and start again). For cheap loads `useThrottledRefresh` is enough.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

/** Runs `load` a microtask later unless `signal` was aborted by then (the effect was undone). */
export function afterCommit<T>(signal: AbortSignal, load: () => Promise<T>): Promise<T> {
  return Promise.resolve().then(() => {
    signal.throwIfAborted();
    return load();
  });
}

/**
 * A refresh key for data that follows live changes: `trigger()` may be called for every live
 * message; the key changes at most once per `intervalMs` after the last load finished, and never
 * while one runs. Tell it when the data's load starts and ends with `setLoading` (the first load is
 * taken to be running from the mount).
 */
export function useLiveRefresh(intervalMs: number): {
  key: number;
  trigger(): void;
  setLoading(loading: boolean): void;
} {
  const [key, setKey] = useState(0);
  const loading = useRef(true);
  const settledAt = useRef(Date.now());
  const pending = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  const schedule = useCallback(() => {
    if (timer.current || loading.current || !pending.current) return;
    timer.current = setTimeout(
      () => {
        timer.current = null;
        pending.current = false;
        setKey((k) => k + 1);
      },
      Math.max(0, settledAt.current + intervalMs - Date.now()),
    );
  }, [intervalMs]);
  const trigger = useCallback(() => {
    pending.current = true;
    schedule();
  }, [schedule]);
  const setLoading = useCallback(
    (now: boolean) => {
      if (now === loading.current) return;
      loading.current = now;
      if (now)
        cancel(); // scheduled again when this load ends
      else {
        settledAt.current = Date.now();
        schedule();
      }
    },
    [cancel, schedule],
  );
  useEffect(() => cancel, [cancel]);
  return useMemo(() => ({ key, trigger, setLoading }), [key, trigger, setLoading]);
}
