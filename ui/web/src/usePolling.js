import { useCallback, useEffect, useState } from 'react';
import { call } from './api.js';

/** GETs a path now and every few seconds; returns { data, error, reload }. */
export function usePolling(path, millis = 5000) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const reload = useCallback(() => {
    call('GET', path).then((d) => { setData(d); setError(null); }).catch(setError);
  }, [path]);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, millis);
    return () => clearInterval(timer);
  }, [reload, millis]);
  return { data, error, reload };
}
