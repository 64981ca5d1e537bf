/**
 * 坐标转换: WGS-84 (GPS, what we store) ↔ GCJ-02 ("Mars coordinates", 火星坐标, which map SDKs
 * in China such as AMap and Tencent Maps require). A phone reporting through such an SDK sends
 * GCJ-02; comparing it with WGS-84 boundaries unconverted would misplace it by hundreds of metres and
 * route it to a neighbouring grid.
 *
 * The forward transform is the widely published one (Krasovsky 1940 ellipsoid). It has no closed
 * inverse, so the inverse solves for it by fixed-point iteration instead of the common one-step
 * approximation, which is off by metres.
 */
import type { Position } from './geometry.js';

/** Semi-major axis of the Krasovsky 1940 ellipsoid, in metres. */
const A = 6378245.0;
/** Its first eccentricity squared. */
const EE = 0.006693421622965943;

/**
 * The rough rectangle the standard algorithm uses for "in China": outside it no offset is
 * applied. It deliberately matches what the SDKs do, not the real border.
 */
export function isInsideChina(lng: number, lat: number): boolean {
  return lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLng(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

/** The GCJ-02 offset at a WGS-84 point, as if it were in China. */
function offset(lng: number, lat: number): Position {
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (transformLat(lng - 105.0, lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (transformLng(lng - 105.0, lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [dLng, dLat];
}

export function wgs84ToGcj02(lng: number, lat: number): Position {
  if (!isInsideChina(lng, lat)) return [lng, lat];
  const [dLng, dLat] = offset(lng, lat);
  return [lng + dLng, lat + dLat];
}

/** Stop when the forward image is this close to the target; well below 1e-7 degrees (~1 cm). */
const INVERSE_TOLERANCE = 1e-10;
/** The offset varies slowly (its derivative is ~1e-4), so a handful of steps suffices; this is a safety cap. */
const INVERSE_MAX_ITERATIONS = 30;

/**
 * Finds the WGS-84 point whose GCJ-02 image is the given point. Iterates w ← w − (f(w) − g) with
 * the offset applied unconditionally, then applies the "outside China" rule to the answer: a
 * solution outside the rectangle means the input was never offset, so it is returned as is.
 */
export function gcj02ToWgs84(lng: number, lat: number): Position {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return [lng, lat];
  let wLng = lng;
  let wLat = lat;
  for (let i = 0; i < INVERSE_MAX_ITERATIONS; i++) {
    const [dLng, dLat] = offset(wLng, wLat);
    const errLng = wLng + dLng - lng;
    const errLat = wLat + dLat - lat;
    wLng -= errLng;
    wLat -= errLat;
    if (Math.abs(errLng) < INVERSE_TOLERANCE && Math.abs(errLat) < INVERSE_TOLERANCE) break;
  }
  return isInsideChina(wLng, wLat) ? [wLng, wLat] : [lng, lat];
}
