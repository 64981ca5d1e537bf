// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { afterCommit, useLiveRefresh } from './use-live-refresh';

afterEach(() => {
  vi.useRealTimers();
});

describe('afterCommit', () => {
  it('starts the load a microtask later, and never once the effect was undone', async () => {
    const load = vi.fn(async () => 42);
    const kept = new AbortController();
    const undone = new AbortController();
    const a = afterCommit(kept.signal, load);
    const b = afterCommit(undone.signal, load);
    expect(load).not.toHaveBeenCalled();
    undone.abort();
    await expect(a).resolves.toBe(42);
    await expect(b).rejects.toThrow();
    expect(load).toHaveBeenCalledTimes(1);
  });
});

/** Moves the fake clock inside a synchronous act (the callback returns nothing, so act returns nothing). */
function advance(ms: number): void {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

describe('useLiveRefresh', () => {
  it('refreshes at most once per interval after the last load ended, never during one', () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useLiveRefresh(10_000));
    // the first load runs from the mount: messages wait for it
    act(() => result.current.trigger());
    advance(60_000);
    expect(result.current.key).toBe(0);
    act(() => result.current.setLoading(false));
    advance(9_999);
    expect(result.current.key).toBe(0);
    advance(1);
    expect(result.current.key).toBe(1);

    // that refresh loads; a message meanwhile, then a filter change's load, restart the wait
    act(() => result.current.setLoading(true));
    act(() => result.current.trigger());
    act(() => result.current.trigger());
    act(() => result.current.setLoading(false));
    advance(5_000);
    act(() => result.current.setLoading(true));
    advance(20_000);
    expect(result.current.key).toBe(1);
    act(() => result.current.setLoading(false));
    advance(10_000);
    expect(result.current.key).toBe(2);

    // nothing pending: nothing happens
    advance(60_000);
    expect(result.current.key).toBe(2);
  });
});
