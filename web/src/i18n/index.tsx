/**
 * The message catalogue in use: zh-CN by default, English switchable, the choice kept in
 * localStorage. Every string a person reads goes through `useT()`:
 *
 *   const t = useT();
 *   t('dashboard.updatedAt', { time: '10:32' })   // keys are typed: a typo does not compile
 *   t.dynamic(`errors.${code}`, fallback)           // a key made at run time, with a fallback
 *
 * Ant Design's own texts (pagination, date pickers …) and dayjs follow the same language through
 * <LocaleProvider>, which also sets <html lang>.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN, type MessageKey, type Messages } from './zh-CN';
import { en } from './en';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'yiwang.locale';

export const CATALOGUES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export type MessageParams = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown placeholder stays as written. */
export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface Translate {
  (key: MessageKey, params?: MessageParams): string;
  /** A key composed at run time (`status.${code}`): its text, or `fallback` when the catalogue has none. */
  dynamic(key: string, fallback: string, params?: MessageParams): string;
  locale: Locale;
}

export function translator(locale: Locale): Translate {
  const messages = CATALOGUES[locale];
  const t = ((key: MessageKey, params?: MessageParams) =>
    format(messages[key] ?? zhCN[key] ?? key, params)) as Translate;
  t.dynamic = (key, fallback, params) => {
    const text = (messages as Record<string, string>)[key];
    return text === undefined ? fallback : format(text, params);
  };
  t.locale = locale;
  return t;
}

export function storedLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

interface LocaleContextValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function LocaleProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? storedLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
    document.title = `${CATALOGUES[locale]['app.name']} · ${CATALOGUES[locale]['app.title']}`;
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale, t: translator(locale) }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider
        locale={locale === 'zh-CN' ? antdZhCN : antdEnUS}
        theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 6 } }}
      >
        {children}
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

function useLocaleContext(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('wrap the app in <LocaleProvider>');
  return value;
}

export function useT(): Translate {
  return useLocaleContext().t;
}

export function useLocale(): { locale: Locale; setLocale(locale: Locale): void } {
  const { locale, setLocale } = useLocaleContext();
  return { locale, setLocale };
}

export type { MessageKey };
