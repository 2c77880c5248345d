import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../api.js';
import { onEngineEvent } from '../live.js';
import { summaryFromLists } from './logic.js';

const items = (result) => (result.status === 'fulfilled' && result.value ? result.value.items : null);

/**
 * GET /summary, again on engine events (debounced) and every 15 s; an engine without it (404)
 * gets the same shape computed from the lists it lets this user read. Returns { data, error,
 * computed (true when from the lists), reload }.
 */
export function useSummary(isAdmin) {
  const [state, setState] = useState({ data: null, error: null, computed: false });
  const missing = useRef(false);
  const reload = useCallback(async () => {
    if (!missing.current) {
      try {
        const data = await call('GET', '/summary');
        setState({ data, error: null, computed: false });
        return;
      } catch (e) {
        if (e.status !== 404 && e.status !== 405) {
          setState((s) => ({ ...s, error: e }));
          return;
        }
        missing.current = true;
      }
    }
    const get = (path) => call('GET', path);
    const lists = await Promise.allSettled([
      isAdmin ? get('/hosts?limit=1000') : null, get('/instances?limit=1000'), get('/tasks?limit=200'),
      isAdmin ? get('/clusters?limit=1000') : null, isAdmin ? get('/storage-pools?limit=1000') : null,
    ]);
    const [hosts, instances, tasks, clusters, pools] = lists.map(items);
    const failed = lists.find((r) => r.status === 'rejected');
    setState({ data: summaryFromLists({ hosts, instances, tasks, clusters, pools }), computed: true,
      error: instances ? null : failed && failed.reason, hosts });
  }, [isAdmin]);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, 15000);
    let pending = null;
    const off = onEngineEvent(() => {
      clearTimeout(pending);
      pending = setTimeout(reload, 300);
    });
    return () => { clearInterval(timer); clearTimeout(pending); off(); };
  }, [reload]);
  return { ...state, reload };
}
