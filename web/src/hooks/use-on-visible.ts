/**
 * Infinite lists ("load more" as the end scrolls into view): a ref callback for a sentinel element
 * below the list, and the callback run when it comes within 200 px of the view. Where the browser
 * has no IntersectionObserver nothing happens, and the list's own "load more" button remains.
 */
import { useEffect, useRef, useState } from 'react';

/** Calls `onVisible` when the element scrolls into view; pass the returned setter as the element's `ref`. */
export function useOnVisible(onVisible: () => void): (element: HTMLElement | null) => void {
  const callback = useRef(onVisible);
  callback.current = onVisible;
  const [element, setElement] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && callback.current(),
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return setElement;
}
