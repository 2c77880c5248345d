import { useContext } from 'react';
import { LanguageContext } from '../I18n.jsx';

/**
 * Numbers and sizes in the selected language (Intl.NumberFormat): n(1234.5), bytes(…) in
 * MiB/GiB/TiB, mib(…) from MiB, rate(…) bytes per second, pct(…).
 */
export function useFormat() {
  const { language } = useContext(LanguageContext);
  const number = (v, digits = 0) => new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(v);
  const bytes = (v) => {
    if (v == null) {
      return '–';
    }
    const units = [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];
    const [unit, size] = units.find(([, s]) => Math.abs(v) >= s) || ['B', 1];
    return `${number(v / size, size === 1 ? 0 : 1)} ${unit}`;
  };
  return {
    n: number,
    bytes,
    mib: (v) => (v == null ? '–' : bytes(v * 2 ** 20)),
    rate: (v) => `${bytes(v)}/s`,
    pct: (v) => `${number(v, 1)} %`,
  };
}
