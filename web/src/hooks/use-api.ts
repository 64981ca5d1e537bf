/**
 * A small data hook for GET calls: runs `load` when its dependencies change (aborting the one
 * before), keeps the last data while reloading so figures do not flicker on live refreshes, and
 * exposes the error for <ApiErrorAlert>.
 *
 *   const { data, error, loading, reload } = useApi((signal) => analyticsApi.kpis(period, KEYS, signal), [period, refreshKey]);
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Settles a call made under `signal` — unless it was aborted first (a newer call replaced it, or
 * the component went away): its value to `onValue` and the error cleared, or its failure to
 * `setError`; `setLoading(false)` either way.
 */
export function settleUnlessAborted<T>(
  call: Promise<T>,
  signal: AbortSignal,
  onValue: (value: T) => void,
  setError: (error: unknown) => void,
  setLoading: (loading: boolean) => void,
): void {
  call.then(
    (value) => {
      if (signal.aborted) return;
      onValue(value);
      setError(undefined);
      setLoading(false);
    },
    (reason: unknown) => {
      if (signal.aborted) return;
      setError(reason);
      setLoading(false);
    },
  );
}

export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    settleUnlessAborted(loader.current(controller.signal), controller.signal, setData, setError, setLoading);
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` is the caller's list for `load` (as with useEffect's own), which the rule cannot read through a spread
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
