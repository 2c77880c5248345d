import { useCallback, useEffect, useState } from 'react';
import { call } from './api.js';
import { onEngineEvent } from './live.js';

/**
 * GETs a path now, again whenever the engine pushes an event (debounced), and every `millis` as a
 * fallback while the event stream is down; returns { data, error, reload }. A null path asks nothing
 * (a query only some users may make).
 */
export function usePolling(path, millis = 30000) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const reload = useCallback(() => {
    if (!path) {
      return;
    }
    call('GET', path).then((d) => { setData(d); setError(null); }).catch(setError);
  }, [path]);
  useEffect(() => {
    if (!path) {
      return undefined;
    }
    reload();
    const timer = setInterval(reload, millis);
    let pending = null;
    const off = onEngineEvent(() => {
      clearTimeout(pending);
      pending = setTimeout(reload, 150);
    });
    return () => { clearInterval(timer); clearTimeout(pending); off(); };
  }, [reload, millis, path]);
  return { data, error, reload };
}
