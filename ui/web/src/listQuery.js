// The query of a list page: pager, substring search (q), sort and exact filters, as the API reads them.

/** The query string (without "?") of a list: limit, offset, q, sort (field or -field), then the filters. */
export function listQuery({ limit, offset, q, sort, filters = {} }) {
  const parts = [];
  if (limit != null) {
    parts.push(`limit=${limit}`);
  }
  if (offset != null) {
    parts.push(`offset=${offset}`);
  }
  if (q && q.trim()) {
    parts.push(`q=${encodeURIComponent(q.trim())}`);
  }
  if (sort && sort.field) {
    parts.push(`sort=${sort.direction === 'desc' ? '-' : ''}${encodeURIComponent(sort.field)}`);
  }
  for (const [name, value] of Object.entries(filters)) {
    if (value) {
      parts.push(`${name}=${encodeURIComponent(value)}`);
    }
  }
  return parts.join('&');
}

/**
 * The sort after a click on a column header: the same column flips its direction, another one
 * sorts ascending (a date column newest first).
 */
export function nextSort(current, field, { newestFirst = false } = {}) {
  if (current && current.field === field) {
    return { field, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { field, direction: newestFirst ? 'desc' : 'asc' };
}

/**
 * The rows the page shows when the engine answered an older API without q or sort: filtered by
 * substring and sorted here (only within the page it gave).
 */
export function localView(items, { q, sort, text = (i) => i.name || i.username || '' }) {
  let out = items;
  const needle = (q || '').trim().toLowerCase();
  if (needle) {
    out = out.filter((i) => String(text(i) || '').toLowerCase().includes(needle));
  }
  if (sort && sort.field) {
    const sign = sort.direction === 'desc' ? -1 : 1;
    out = [...out].sort((a, b) => sign * compare(a[sort.field], b[sort.field]));
  }
  return out;
}

function compare(a, b) {
  if (a == null || b == null) {
    return a == null ? (b == null ? 0 : 1) : -1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}
