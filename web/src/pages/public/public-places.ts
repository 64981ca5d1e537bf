/**
 * The citizen's place list for 随手拍 without a GPS fix (GET /api/public/places): one level per
 * call — counties, a county's towns, a town's villages/communities. Each level loaded is kept on
 * the device (localStorage), so a citizen who loses the connection after opening the page can still
 * pick from what was loaded before; a level never loaded needs the network, and the picker says so.
 * The chosen place itself travels in the report's body (jurisdictionCode), so the offline queue
 * keeps it with the report.
 */
import { ApiError } from '../../api/client';
import { publicApi, type PublicPlace } from './public-api';

export const PLACES_CACHE_KEY = 'yiwang.public-places';
/** Levels kept: a county's towns and a few dozen towns' villages are a few kilobytes. */
const CACHE_LIMIT = 60;

type Cache = Record<string, PublicPlace[]>;

const keyOf = (parent: string | null) => `p:${parent ?? ''}`;

function readCache(): Cache {
  try {
    const raw = globalThis.localStorage?.getItem(PLACES_CACHE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Cache) : {};
  } catch {
    return {};
  }
}

function writeCache(parent: string | null, items: PublicPlace[]): void {
  try {
    const cache = readCache();
    delete cache[keyOf(parent)];
    cache[keyOf(parent)] = items;
    const keys = Object.keys(cache);
    for (const old of keys.slice(0, Math.max(0, keys.length - CACHE_LIMIT))) delete cache[old];
    globalThis.localStorage?.setItem(PLACES_CACHE_KEY, JSON.stringify(cache));
  } catch {
    // storage full or unavailable: the list still works online
  }
}

export interface LoadedPlaces {
  items: PublicPlace[];
  /** From the device: the network could not be reached. */
  cached: boolean;
}

/**
 * One level of the list: from the server, kept on the device; when the server cannot be reached,
 * the copy kept last time. Throws when neither is there (ApiError NETWORK) or the server refuses.
 */
export async function loadPlaces(parent: string | null, fetchLevel = publicApi.places): Promise<LoadedPlaces> {
  try {
    const { items } = await fetchLevel(parent);
    writeCache(parent, items);
    return { items, cached: false };
  } catch (error) {
    const kept = error instanceof ApiError && error.status === 0 ? readCache()[keyOf(parent)] : undefined;
    if (kept) return { items: kept, cached: true };
    throw error;
  }
}

/** A node of the place cascader. */
export interface PlaceOption {
  value: string;
  label: string;
  level: PublicPlace['level'];
  isLeaf: boolean;
  children?: PlaceOption[];
  /** Its children could not be loaded (offline): shown as a leaf until a retry. */
  failed?: boolean;
}

export function toOptions(items: PublicPlace[]): PlaceOption[] {
  return items.map((p) => ({ value: p.code, label: p.name, level: p.level, isLeaf: !p.hasChildren }));
}

/** The tree with the node at `path` changed. */
export function patchOption(options: PlaceOption[], path: string[], patch: Partial<PlaceOption>): PlaceOption[] {
  const [head, ...rest] = path;
  return options.map((o) => {
    if (o.value !== head) return o;
    if (rest.length === 0) return { ...o, ...patch };
    return { ...o, children: patchOption(o.children ?? [], rest, patch) };
  });
}

/** Every node whose children failed to load made expandable again (a retry). */
export function clearFailed(options: PlaceOption[]): PlaceOption[] {
  return options.map((o) => {
    const children = o.children ? clearFailed(o.children) : undefined;
    if (o.failed) return { ...o, failed: false, isLeaf: false, children: undefined };
    return children === o.children ? o : { ...o, children };
  });
}

/**
 * The cascader's path to a chosen code, from the division code itself (county 6 digits, town 9,
 * village 12): [county?, town, village]; the county is left out when it is the only one (skipped).
 */
export function placePath(code: string, skipCounty: boolean): string[] {
  const county = `${code.slice(0, 6)}000000`;
  const town = `${code.slice(0, 9)}000`;
  const path = [county];
  if (town !== county) path.push(town);
  if (code !== town && code !== county) path.push(code);
  return skipCounty ? path.slice(1) : path;
}
