/**
 * A session's client in words: the browser (or app) and the system from a User-Agent header —
 * "Chrome 131 · Windows", "WeChat · iOS", "curl". Brand names are not translated; a header that
 * says nothing known gives nulls and the page shows its own "unknown client".
 */

export interface ClientDescription {
  browser: string | null;
  os: string | null;
}

/** Checked in order: the embedding apps and forks before the engines they announce. */
const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\/(\d+)/, 'WeChat'],
  [/DingTalk\/(\d+)/, 'DingTalk'],
  [/\bQQ\/(\d+)/, 'QQ'],
  [/MQQBrowser\/(\d+)|QQBrowser\/(\d+)/, 'QQ Browser'],
  [/UCBrowser\/(\d+)/, 'UC Browser'],
  [/HuaweiBrowser\/(\d+)/, 'Huawei Browser'],
  [/MiuiBrowser\/(\d+)/, 'Xiaomi Browser'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)|Opera\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)|FxiOS\/(\d+)/, 'Firefox'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
  [/^curl\/(\d+)/, 'curl'],
  [/^PostmanRuntime\/(\d+)/, 'Postman'],
  [/^node-fetch|^undici|^node\b/i, 'Node.js'],
  [/^python-requests\/(\d+)|^python/i, 'Python'],
];

const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/, 'HarmonyOS'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export function describeUserAgent(userAgent: string | null | undefined): ClientDescription {
  const ua = userAgent?.trim() ?? '';
  if (!ua) return { browser: null, os: null };
  let browser: string | null = null;
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      const version = match.slice(1).find((v) => v !== undefined);
      browser = version ? `${name} ${version}` : name;
      break;
    }
  }
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  return { browser, os };
}

/** "Chrome 131 · Windows", or null when nothing is recognised. */
export function clientLabel(userAgent: string | null | undefined): string | null {
  const { browser, os } = describeUserAgent(userAgent);
  const parts = [browser, os].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}
