// The pieces every list shares: the search box, sortable column headers and the empty state.
import { useEffect, useState } from 'react';
import {
  Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, SearchInput,
} from '@patternfly/react-core';
import { CubesIcon, SearchIcon } from '@patternfly/react-icons';
import { useT } from './I18n.jsx';
import { nextSort } from './listQuery.js';

/** A substring search (the list's `q`), applied 300 ms after the last key: #search-<list>. */
export function SearchBox({ list, value, onChange, label }) {
  const t = useT();
  const [draft, setDraft] = useState(value || '');
  useEffect(() => {
    const timer = setTimeout(() => onChange(draft.trim()), 300);
    return () => clearTimeout(timer);
  }, [draft, onChange]);
  useEffect(() => {
    if (!value) {
      setDraft('');
    }
  }, [value]);
  return (
    <SearchInput searchInputId={`search-${list}`} resetButtonLabel={t('empty.clear')} aria-label={label || t('list.search')} placeholder={label || t('list.search')}
      value={draft} onChange={(_, v) => setDraft(v)} onClear={() => { setDraft(''); onChange(''); }} />
  );
}

/**
 * PatternFly's sort for a column header (Th sort prop): `field` sorts through the list's
 * { sort, setSort }; dates sort newest first on the first click. The header gets
 * data-sort-field and data-sort-direction.
 */
export function sortable(list, field, index, { newestFirst = false } = {}) {
  const active = list.sort && list.sort.field === field;
  return {
    sort: {
      columnIndex: index,
      sortBy: active ? { index, direction: list.sort.direction } : {},
      onSort: () => list.setSort(nextSort(list.sort, field, { newestFirst })),
    },
    'data-sort-field': field,
    'data-sort-direction': active ? list.sort.direction : undefined,
  };
}

/**
 * What an empty list says: with a search, that nothing matches and how to clear it; without, that
 * there is nothing yet and (when the user may) how to make the first one. #empty-<list>.
 */
export function EmptyList({ list, what, q, onClear, onCreate, createLabel, hint }) {
  const t = useT();
  const filtered = !!q;
  // inside a sentence: "No instances yet" (a name such as VDCs keeps its capitals)
  const word = /^[A-Z][a-z]/.test(what) ? what[0].toLowerCase() + what.slice(1) : what;
  return (
    <EmptyState id={`empty-${list}`} titleText={filtered ? t('empty.noMatch', { what: word, q }) : t('empty.none', { what: word })}
      headingLevel="h2" icon={filtered ? SearchIcon : CubesIcon} variant="sm" data-filtered={filtered}>
      <EmptyStateBody>{filtered ? t('empty.noMatchHint') : t(hint || (onCreate ? 'empty.createHint' : 'empty.nothingHint'))}</EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          {filtered && onClear && <Button variant="link" id={`empty-clear-${list}`} onClick={onClear}>{t('empty.clear')}</Button>}
          {!filtered && onCreate && <Button variant="primary" id={`empty-create-${list}`} onClick={onCreate}>{createLabel}</Button>}
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}
