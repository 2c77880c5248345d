import { createContext, useContext } from 'react';
import { operationName, translate } from './i18n.js';

export const LanguageContext = createContext({ language: 'en', setLanguage: () => {} });

/** t(key, values) in the language the user chose. */
export function useT() {
  const { language } = useContext(LanguageContext);
  const t = (key, values) => translate(language, key, values);
  t.operation = (operation) => operationName(language, operation);
  t.outcome = (task) => t('action.ended', { name: t.operation(task.operation), state: t(`task.${task.state}`) });
  return t;
}
