// Light or dark (PatternFly 6's pf-v6-theme-dark on <html>): the system's preference until the
// user chooses in the masthead; the choice is remembered in the browser.
import { useEffect, useState } from 'react';

const KEY = 'ovm.theme';
const DARK = 'pf-v6-theme-dark';

/** The theme to show: the saved choice, else the system's (prefers-color-scheme). */
export function chosenTheme(saved, prefersDark) {
  return saved === 'dark' || saved === 'light' ? saved : prefersDark ? 'dark' : 'light';
}

const systemDark = () => typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;

/** [theme, toggle]: applies the theme to the document and follows the system until the user chooses. */
export function useTheme() {
  const [theme, setTheme] = useState(() => chosenTheme(localStorage.getItem(KEY), systemDark()));
  useEffect(() => {
    document.documentElement.classList.toggle(DARK, theme === 'dark');
  }, [theme]);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') {
      return undefined;
    }
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => setTheme(chosenTheme(localStorage.getItem(KEY), query.matches));
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  const toggle = () => setTheme((current) => {
    const next = current === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    return next;
  });
  return [theme, toggle];
}
