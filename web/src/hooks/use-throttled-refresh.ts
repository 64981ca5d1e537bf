/**
 * Live refreshes without a storm: `trigger()` may be called for every live message; the key it
 * returns changes at most once per `intervalMs` (the first call at once if the last refresh is
 * older than that, the rest folded into one at the end of the interval). Data hooks depend on
 * the key. `now()` refreshes immediately (the refresh button).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useThrottledRefresh(intervalMs: number): { key: number; trigger(): void; now(): void } {
  const [key, setKey] = useState(0);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fire = useCallback(() => {
    timer.current = null;
    last.current = Date.now();
    setKey((k) => k + 1);
  }, []);
  const trigger = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(fire, Math.max(0, last.current + intervalMs - Date.now()));
  }, [fire, intervalMs]);
  const now = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    fire();
  }, [fire]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return { key, trigger, now };
}
