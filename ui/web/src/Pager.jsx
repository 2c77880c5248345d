import { useEffect, useState } from 'react';
import { Pagination } from '@patternfly/react-core';
import { useT } from './I18n.jsx';

const PER_PAGE = [10, 20, 50, 100].map((value) => ({ title: String(value), value }));

/** Which page of a list is shown: its `limit`/`offset` query and the setters. */
export function usePager(perPage = 20) {
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(perPage);
  return { page, perPage: size, setPage, setPerPage: setSize, query: `limit=${size}&offset=${(page - 1) * size}` };
}

/** PatternFly's pagination in the portal's languages; steps back when a page empties. */
export function Pager({ pager, data, id }) {
  const t = useT();
  const total = data ? data.total : 0;
  const empty = data && data.items.length === 0;
  useEffect(() => {
    if (empty && pager.page > 1) {
      pager.setPage(Math.max(1, Math.ceil(total / pager.perPage)));
    }
  }, [empty, total, pager]);
  return (
    <Pagination id={id} itemCount={total} page={pager.page} perPage={pager.perPage} perPageOptions={PER_PAGE}
      onSetPage={(_, page) => pager.setPage(page)}
      onPerPageSelect={(_, perPage) => { pager.setPerPage(perPage); pager.setPage(1); }}
      titles={{
        ofWord: t('pager.of'), perPageSuffix: t('pager.perPage'), items: '', page: t('pager.page'),
        pages: t('pager.pages'), itemsPerPage: t('pager.itemsPerPage'), paginationAriaLabel: t('pager.label'),
        toFirstPageAriaLabel: t('pager.first'), toLastPageAriaLabel: t('pager.last'),
        toNextPageAriaLabel: t('pager.next'), toPreviousPageAriaLabel: t('pager.previous'),
        currPageAriaLabel: t('pager.current'), optionsToggleAriaLabel: t('pager.itemsPerPage'),
      }} />
  );
}
