import { useEffect, useState } from 'react';
import { call } from './api.js';

/**
 * Other lists a page reads beside its own ({key: path}: {key: items}), fetched again when `again`
 * changes (the page's data); a list the user may not read is empty.
 */
export function useLookup(paths, again) {
  const [lists, setLists] = useState({});
  useEffect(() => {
    if (!paths) {
      return;
    }
    let current = true;
    Promise.all(Object.entries(paths).map(([key, path]) => call('GET', path)
      .then((page) => [key, page.items]).catch(() => [key, []])))
      .then((entries) => current && setLists(Object.fromEntries(entries)));
    return () => { current = false; };
  }, [paths, again]);
  return lists;
}
