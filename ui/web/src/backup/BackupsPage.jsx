// The admins' Backups page (#/backups): every backup, filtered by pool, with the instance each
// belongs to; Restore… and Delete as on an instance's tab.
import { useState } from 'react';
import {
  Alert, Content, FormSelect, FormSelectOption, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { usePolling } from '../usePolling.js';
import { BackupsTable } from './BackupsTable.jsx';
import { noticeText, useBackupActions } from './useBackupActions.jsx';
import { backupsPath, newestFirst } from './logic.js';

const names = (page) => Object.fromEntries(((page && page.items) || []).map((x) => [x.id, x.name]));

/** #backups-page: #backups-pool (the pool filter, "all pools" first), the table or #backups-empty. */
export function BackupsPage() {
  const t = useT();
  const [poolId, setPoolId] = useState('');
  const list = usePolling(backupsPath({ poolId }), 15000);
  const pools = usePolling('/storage-pools?limit=1000', 60000);
  const instances = usePolling('/instances?limit=1000', 60000);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const actions = useBackupActions({ reload: list.reload, onNotice: setNotice, onProblem: setFailure });
  const backups = newestFirst(list.data ? list.data.items : []);
  return (
    <PageSection id="backups-page">
      <Title headingLevel="h1">{t('nav.backups')}</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <FormSelect id="backups-pool" value={poolId} onChange={(_, v) => setPoolId(v)}
              aria-label={t('filter.by', { field: t('col.pool') })}>
              <FormSelectOption value="" label={t('backup.allPools')} />
              {((pools.data && pools.data.items) || []).map((p) => <FormSelectOption key={p.id} value={p.id} label={p.name} />)}
            </FormSelect>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Problem error={list.error || failure} />
      {notice && <Alert variant="info" variantLabel={t('alert.info')} isInline title={noticeText(t, notice)} id="backups-notice" />}
      {actions.elements}
      {list.data && backups.length === 0
        ? <Content component="p" id="backups-empty">{t('backup.noneAll')}</Content>
        : <BackupsTable backups={backups} showInstance instanceNames={names(instances.data)}
          onRestore={actions.restore} onDelete={actions.remove} />}
    </PageSection>
  );
}
