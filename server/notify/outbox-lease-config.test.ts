/**
 * The outbox lease is configurable (OUTBOX_LEASE_MS): how long a notification a dispatcher claimed
 * stays hidden, i.e. how soon one claimed by a process that died is sent by the next. The crash
 * test (e2e/crash-safety.e2e.test.ts) runs the platform with a short one and waits for those.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

describe('OUTBOX_LEASE_MS', () => {
  it('defaults to a minute, takes a value and names itself when out of range', () => {
    expect(loadConfig({}).outboxLeaseMs).toBe(60_000);
    expect(loadConfig({ OUTBOX_LEASE_MS: '2000' }).outboxLeaseMs).toBe(2000);
    expect(() => loadConfig({ OUTBOX_LEASE_MS: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ OUTBOX_LEASE_MS: 'soon' })).toThrow(/OUTBOX_LEASE_MS/);
  });
});
