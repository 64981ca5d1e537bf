/**
 * Component tests: import this first in a `// @vitest-environment jsdom` test file. It fills in
 * what jsdom lacks and Ant Design uses (matchMedia, ResizeObserver), unmounts after each test,
 * and renders with the app's providers — the message catalogue (zh-CN unless told) and a router.
 */
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { LocaleProvider, type Locale } from '../i18n';

if (typeof window !== 'undefined') {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  // jsdom does not compute pseudo-element styles (Ant Design's table asks): answer for the element
  const computed = window.getComputedStyle.bind(window);
  window.getComputedStyle = ((element: Element) => computed(element)) as typeof window.getComputedStyle;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

afterEach(() => {
  cleanup();
});

export function renderWithApp(ui: ReactElement, options: { locale?: Locale; path?: string } = {}): RenderResult {
  return render(
    <LocaleProvider initial={options.locale ?? 'zh-CN'}>
      <MemoryRouter initialEntries={[options.path ?? '/']}>{ui}</MemoryRouter>
    </LocaleProvider>,
  );
}
