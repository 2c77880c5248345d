import { useCallback, useEffect, useMemo, useState } from 'react';
import { usePager } from './Pager.jsx';
import { filterQuery } from './FilterBar.jsx';
import { usePolling } from './usePolling.js';
import { listQuery, localView } from './listQuery.js';

/**
 * One page of a list, kept fresh (usePolling): its pager, its exact filters, a substring search
 * (`q`) and a sort ({field, direction}); a new filter or search goes back to the first page. The
 * path may hold fixed filters (/images?kind=container). An engine that refuses `q` or `sort`
 * (400 naming the field: an older API) is asked without them, and the page shown is filtered and
 * sorted here instead. Returns { data, error, reload, pager, applyFilters, q, setQ, sort, setSort }.
 */
export function useList(path, { text, defaultSort = null } = {}) {
  const pager = usePager();
  const { setPage } = pager;
  const [filters, setFilters] = useState({});
  const [q, setQ] = useState('');
  const [sort, setSort] = useState(defaultSort);
  const [unsupported, setUnsupported] = useState([]);
  const applyFilters = useCallback((values) => {
    setFilters((current) => (filterQuery(current) === filterQuery(values) ? current : values));
  }, []);
  useEffect(() => setPage(1), [filters, q, setPage]);
  const query = listQuery({
    limit: pager.perPage, offset: (pager.page - 1) * pager.perPage,
    q: unsupported.includes('q') ? null : q, sort: unsupported.includes('sort') ? null : sort, filters,
  });
  const polled = usePolling(`${path}${path.includes('?') ? '&' : '?'}${query}`);
  const refused = polled.error && polled.error.status === 400 && polled.error.problem
    && ['q', 'sort'].includes(polled.error.problem.field) ? polled.error.problem.field : null;
  useEffect(() => {
    if (refused && !unsupported.includes(refused)) {
      setUnsupported((u) => [...u, refused]);
    }
  }, [refused, unsupported]);
  const data = useMemo(() => {
    if (!polled.data || unsupported.length === 0) {
      return polled.data;
    }
    const items = localView(polled.data.items, { q: unsupported.includes('q') ? q : null,
      sort: unsupported.includes('sort') ? sort : null, text });
    return { ...polled.data, items, total: unsupported.includes('q') && q ? items.length : polled.data.total };
  }, [polled.data, unsupported, q, sort, text]);
  return { ...polled, data, error: refused ? null : polled.error, pager, applyFilters, q, setQ, sort, setSort };
}
