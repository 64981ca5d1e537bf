/**
 * Traffic lights (红黄绿灯) on deadlines: green while under 80% of the time is used, yellow from
 * 80%, red once overdue. An event shows the worst light of its open deadlines.
 */

export type Light = 'green' | 'yellow' | 'red';
export const WARN_FRACTION = 0.8;

/** The instant at which a deadline turns yellow. */
export function warnAt(start: Date, due: Date): Date {
  return new Date(start.getTime() + Math.max(0, due.getTime() - start.getTime()) * WARN_FRACTION);
}

export function lightAt(now: Date, warn: Date, due: Date): Light {
  if (now.getTime() >= due.getTime()) return 'red';
  if (now.getTime() >= warn.getTime()) return 'yellow';
  return 'green';
}

/** A clock finished at `completedAt` was on time when it finished before the instant its light turned red. */
export function finishedOnTime(completedAt: Date, due: Date): boolean {
  return lightAt(completedAt, due, due) !== 'red';
}

const ORDER: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

export function worstLight(lights: Iterable<Light>): Light {
  let worst: Light = 'green';
  for (const light of lights) if (ORDER[light] > ORDER[worst]) worst = light;
  return worst;
}

export const LIGHT_NAMES_ZH: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
