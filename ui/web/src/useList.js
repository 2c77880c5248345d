import { useCallback, useEffect, useState } from 'react';
import { usePager } from './Pager.jsx';
import { filterQuery } from './FilterBar.jsx';
import { usePolling } from './usePolling.js';

/**
 * One page of a list, kept fresh (usePolling): its pager and its filters (a new filter goes
 * back to the first page); the path may hold fixed filters (/images?kind=container). Returns
 * { data, error, reload, pager, applyFilters }.
 */
export function useList(path) {
  const pager = usePager();
  const { setPage } = pager;
  const [filters, setFilters] = useState({});
  const applyFilters = useCallback((values) => {
    setFilters((current) => (filterQuery(current) === filterQuery(values) ? current : values));
  }, []);
  useEffect(() => setPage(1), [filters, setPage]);
  const polled = usePolling(`${path}${path.includes('?') ? '&' : '?'}${pager.query}${filterQuery(filters)}`);
  return { ...polled, pager, applyFilters };
}
