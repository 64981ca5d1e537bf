/**
 * Logs show personal data masked: a request URL searching by a reporter's phone or ID number
 * (`GET /api/events?reporterPhone=…`) is logged with the value masked (138****5678, 110101********1234).
 */
import { maskIdNumber, maskPhone } from '../../core/personal-data/masking.js';

const SEARCHED = /([?&])(reporterPhone|reporterIdNumber)=([^&#]*)/g;

export function redactUrl(url: string): string {
  return url.replace(SEARCHED, (_m, sep: string, name: string, raw: string) => {
    let value = raw;
    try {
      value = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      /* logged masked as it came */
    }
    const masked = name === 'reporterPhone' ? maskPhone(value) : maskIdNumber(value);
    return `${sep}${name}=${encodeURIComponent(masked ?? '')}`;
  });
}

/** Fastify's request serializer with the URL redacted. */
export function redactedRequestSerializer(req: {
  method: string;
  url: string;
  host?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host ?? req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
