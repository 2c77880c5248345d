import { useEffect, useState } from 'react';
import { TextInput, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { useT } from './I18n.jsx';

/** The query string of a list's filters (exact match, as the API filters). */
export function filterQuery(values) {
  return Object.entries(values).filter(([, v]) => v).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
}

/** Text filters over a list ({name, label}); a value applies 300 ms after the last keystroke. */
export function FilterBar({ filters, onChange, id }) {
  const t = useT();
  const [draft, setDraft] = useState({});
  useEffect(() => {
    const timer = setTimeout(() => onChange(draft), 300);
    return () => clearTimeout(timer);
  }, [draft, onChange]);
  return (
    <Toolbar id={id}>
      <ToolbarContent>
        {filters.map((f) => (
          <ToolbarItem key={f.name}>
            <TextInput id={`filter-${f.name}`} type="search" aria-label={t('filter.by', { field: t(f.label) })}
              placeholder={t('filter.by', { field: t(f.label) })} value={draft[f.name] || ''}
              onChange={(_, v) => setDraft((d) => ({ ...d, [f.name]: v.trim() }))} />
          </ToolbarItem>
        ))}
      </ToolbarContent>
    </Toolbar>
  );
}
