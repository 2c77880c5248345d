import { createContext, useContext } from 'react';
import { operationName, translate } from './i18n.js';
import { dateTime, number, size } from './format.js';

export const LanguageContext = createContext({ language: 'en', setLanguage: () => {} });

/** t(key, values) in the language the user chose. */
export function useT() {
  const { language } = useContext(LanguageContext);
  const t = (key, values) => translate(language, key, values);
  t.operation = (operation) => operationName(language, operation);
  t.outcome = (task) => t('action.ended', { name: t.operation(task.operation), state: t(`task.${task.state}`) });
  t.language = language;
  /** A date and time in the chosen language's format (2026/12/6 17:46 in Chinese). */
  t.date = (iso) => dateTime(iso, language);
  t.number = (value, digits) => number(value, language, digits);
  t.size = (bytes) => size(bytes, language);
  return t;
}
