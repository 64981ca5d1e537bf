import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, format, translator } from './index';

// every source file of the app, as text (Vite's glob import: no file-system access needed)
const sources = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!./**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('define the same keys in every language', () => {
    const [reference, ...others] = LOCALES;
    const keys = Object.keys(CATALOGUES[reference]).sort();
    for (const locale of others) {
      const theirs = Object.keys(CATALOGUES[locale]).sort();
      expect(
        theirs.filter((k) => !keys.includes(k)),
        `keys in ${locale} but not in ${reference}`,
      ).toEqual([]);
      expect(
        keys.filter((k) => !theirs.includes(k)),
        `keys in ${reference} but not in ${locale}`,
      ).toEqual([]);
    }
  });

  it('use the same placeholders in every language, and no empty texts', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(CATALOGUES[locale])) {
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(text), `${locale} ${key}`).toEqual(
          placeholders((CATALOGUES['zh-CN'] as Record<string, string>)[key]),
        );
      }
    }
  });

  it('translate with placeholders, and fall back for keys made at run time', () => {
    const zh = translator('zh-CN');
    const en = translator('en');
    expect(zh('dashboard.updatedAt', { time: '10:32' })).toBe('更新于 10:32');
    expect(en('dashboard.updatedAt', { time: '10:32' })).toBe('Updated 10:32');
    expect(zh.dynamic('status.closed', 'closed')).toBe('已结案');
    expect(zh.dynamic('status.someday', '某状态')).toBe('某状态');
    expect(format('{a} 与 {b}', { a: 1 })).toBe('1 与 {b}');
  });
});

describe('the UI source', () => {
  it('has no Chinese text outside the catalogues: every string a person reads goes through useT()', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      // comments may quote the domain's Chinese terms
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const match of code.matchAll(/[\u3400-\u9fff\uff00-\uffef]+/g)) offenders.push(`${file}: ${match[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
