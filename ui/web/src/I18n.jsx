import { createContext, useContext } from 'react';
import { translate } from './i18n.js';

export const LanguageContext = createContext({ language: 'en', setLanguage: () => {} });

/** t(key, values) in the language the user chose. */
export function useT() {
  const { language } = useContext(LanguageContext);
  return (key, values) => translate(language, key, values);
}
