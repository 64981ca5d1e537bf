import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { registerErrorHandler } from './error-handler.js';

describe('error handler', () => {
  it('turns a deadlock or serialisation failure into a retryable 503, and anything unknown into a 500 naming nothing', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get('/deadlock', async () => {
      throw Object.assign(new Error('deadlock detected on relation kpi_place_day'), { code: '40P01' });
    });
    app.get('/serialization', async () => {
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    });
    app.get('/boom', async () => {
      throw new Error('secret internals');
    });
    await app.ready();
    for (const url of ['/deadlock', '/serialization']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json().error.code).toBe('DATABASE_BUSY');
      expect(res.body).not.toContain('kpi_place_day');
    }
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret');
    await app.close();
  });
});
