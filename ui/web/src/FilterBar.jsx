import { useEffect, useState } from 'react';
import { FormSelect, FormSelectOption, TextInput, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { useT } from './I18n.jsx';

/** The query string of a list's filters (exact match, as the API filters). */
export function filterQuery(values) {
  return Object.entries(values).filter(([, v]) => v).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
}

/**
 * Filters over a list: text ({name, label}) or a choice ({name, label, type: 'select', options:
 * [{value, label}]}, "all" first); a value applies 300 ms after the last change.
 */
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
        {filters.map((f) => (f.type === 'select' ? (
          <ToolbarItem key={f.name}>
            <FormSelect id={`filter-${f.name}`} aria-label={t('filter.by', { field: t(f.label) })} value={draft[f.name] || ''}
              onChange={(_, v) => setDraft((d) => ({ ...d, [f.name]: v }))}>
              <FormSelectOption value="" label={t('filter.all', { field: t(f.label) })} />
              {f.options.map((o) => <FormSelectOption key={o.value} value={o.value} label={t(o.label)} />)}
            </FormSelect>
          </ToolbarItem>
        ) : (
          <ToolbarItem key={f.name}>
            <TextInput id={`filter-${f.name}`} type="search" aria-label={t('filter.by', { field: t(f.label) })}
              placeholder={t('filter.by', { field: t(f.label) })} value={draft[f.name] || ''}
              onChange={(_, v) => setDraft((d) => ({ ...d, [f.name]: v.trim() }))} />
          </ToolbarItem>
        )))}
      </ToolbarContent>
    </Toolbar>
  );
}
