import { useState } from 'react';
import {
  Alert, Button, Content, FormSelect, FormSelectOption, Label, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { call, taskEnd } from '../api.js';
import { useT } from '../I18n.jsx';
import { Confirm } from '../Confirm.jsx';
import { Problem } from '../Problem.jsx';
import { usePolling } from '../usePolling.js';
import { Head } from './Bars.jsx';
import { useFormat } from './useFormat.js';
import { MoveVolumeDialog } from '../storage/MoveVolume.jsx';
import { moveMode } from '../storage/logic.js';

/** The engine names an instance's boot disk <instance>-disk0; a template clone has a backing image. */
export const isBoot = (volume) => /-disk0(\.|$)/.test(volume.name) || !!volume.backingImageId;

const names = (page) => Object.fromEntries(((page && page.items) || []).map((x) => [x.id, x.name]));

/**
 * The instance's volumes: size, pool, format, boot; attach a free volume, detach one (asked first;
 * not the boot disk), move one to another pool.
 */
export function InstanceDisks({ instance }) {
  const t = useT();
  const f = useFormat();
  const attached = usePolling(`/volumes?instanceId=${instance.id}&limit=100`);
  const free = usePolling('/volumes?limit=1000');
  const pools = usePolling('/storage-pools?limit=1000');
  const [chosen, setChosen] = useState('');
  const [ask, setAsk] = useState(null);
  const [moving, setMoving] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const poolNames = names(pools.data);
  const items = attached.data ? attached.data.items.filter((v) => v.instanceId === instance.id) : [];
  const spare = free.data ? free.data.items.filter((v) => !v.instanceId && v.state !== 'DELETING') : [];
  const run = async (request) => {
    try {
      const task = await request();
      setFailure(null);
      setNotice(t.outcome(await taskEnd(task)));
      attached.reload();
      free.reload();
    } catch (e) {
      setFailure(e);
    }
  };
  return (
    <div id="instance-disks">
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      {moving && <MoveVolumeDialog volume={moving} instance={instance} onClose={() => setMoving(null)} onEnded={(task) => {
        setMoving(null);
        setNotice(t.outcome(task));
        setFailure(task.state === 'SUCCEEDED' ? null : { problem: { detail: task.error || t.outcome(task) } });
        attached.reload();
        pools.reload();
      }} />}
      <Problem error={attached.error || failure} />
      {notice && <Alert variant="info" isInline title={notice} id="disks-notice" />}
      {items.length === 0 ? <Content component="p">{t('ops.disks.none')}</Content> : (
        <Table variant="compact" aria-label={t('ops.tab.disks')} id="disks">
          <Head t={t} keys={['col.name', 'ops.size', 'col.pool', 'col.format', 'ops.disks.boot', '']} />
          <Tbody>
            {items.map((v) => (
              <Tr key={v.id} data-volume={v.name}>
                <Td>{v.name}</Td>
                <Td>{f.bytes(v.sizeBytes)}</Td>
                <Td>{poolNames[v.poolId] || v.poolId}</Td>
                <Td>{v.format}</Td>
                <Td>{isBoot(v) ? <Label isCompact color="blue">{t('ops.disks.boot')}</Label> : ''}</Td>
                <Td isActionCell>
                  {/* to another pool (a shared one, before a migration): live while the instance runs */}
                  {!moveMode(v, [instance]).refusal && (
                    <Button variant="link" data-action="move" id={`disk-move-${v.name}`} onClick={() => setMoving(v)}>
                      {t('volume.move')}
                    </Button>
                  )}
                  {!isBoot(v) && (
                    <Button variant="link" isDanger data-action="detach" onClick={() => setAsk({
                      title: t('ops.disks.detachTitle', { name: v.name }),
                      message: t('ops.disks.detachMessage', { name: v.name, instance: instance.name }),
                      confirm: t('ops.disks.detach'), run: () => run(() => call('POST', `/volumes/${v.id}/detach`)) })}>
                      {t('ops.disks.detach')}
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <FormSelect id="attach-volume" value={chosen} aria-label={t('ops.disks.attach')} onChange={(_, v) => setChosen(v)}>
              <FormSelectOption value="" label={spare.length ? t('form.choose') : t('ops.disks.noSpare')} />
              {spare.map((v) => <FormSelectOption key={v.id} value={v.id} label={`${v.name} (${f.bytes(v.sizeBytes)})`} />)}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <Button id="attach-submit" variant="secondary" isDisabled={!chosen}
              onClick={() => { run(() => call('POST', `/volumes/${chosen}/attach`, { instanceId: instance.id })); setChosen(''); }}>
              {t('ops.disks.attach')}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
    </div>
  );
}

// the NICs tab (network, IP, MAC, security groups and their edit) lives with the network pages
export { InstanceNics } from '../network/InstanceNics.jsx';
