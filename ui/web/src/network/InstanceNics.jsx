import { useState } from 'react';
import {
  Alert, Button, Content, Label, LabelGroup, Modal, ModalBody, ModalFooter, ModalHeader,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { call, followTask, taskFailed } from '../api.js';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { href } from '../router.js';
import { usePolling } from '../usePolling.js';
import { Head } from '../operator/Bars.jsx';
import { GroupChecks } from './GroupChecks.jsx';
import { groupsOfVdc } from './logic.js';

const byId = (page) => Object.fromEntries(((page && page.items) || []).map((x) => [x.id, x]));

/**
 * The instance's NICs (#/instances/<id>/nics): network, IP, MAC and security groups; a NIC's groups
 * are changed in a dialog (PUT .../nics/<index>/security-groups: a task, followed; a failure shows
 * the task's error).
 */
export function InstanceNics({ instance, admin, reload }) {
  const t = useT();
  const networks = usePolling('/networks?limit=1000', 60000);
  const groups = usePolling('/security-groups?limit=1000', 30000);
  const [editing, setEditing] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const networkOf = byId(networks.data);
  const groupOf = byId(groups.data);
  const offered = groupsOfVdc(groups.data ? groups.data.items : [], instance.vdcId);
  const nics = instance.nics || [];
  /** Follows the change's task; a failure shows the task's error. */
  const follow = async (reply) => {
    if (reply && reply.operation) {
      setNotice(t('action.started', { action: t('sg.editNicGroups'), name: instance.name }));
      const ended = await followTask(reply, (running) => setNotice(t.outcome(running)));
      if (taskFailed(ended)) {
        setNotice(null);
        setFailure({ problem: { detail: ended.error ? `${t.outcome(ended)} · ${ended.error}` : t.outcome(ended) } });
      } else {
        setNotice(t.outcome(ended));
      }
    } else {
      setNotice(t('sg.saved', { name: instance.name }));
    }
    groups.reload();
    if (reload) {
      reload(); // the instance's NICs as the engine now has them
    }
  };
  /** Sends the NIC's groups: a refusal stays in the dialog (thrown), an accepted change is followed. */
  const save = async (nic, ids) => {
    const reply = await call('PUT', `/instances/${instance.id}/nics/${nic.index}/security-groups`, { securityGroupIds: ids });
    setEditing(null);
    setFailure(null);
    follow(reply).catch((e) => { setNotice(null); setFailure(e); });
  };
  if (nics.length === 0) {
    return <Content component="p" id="instance-nics">{t('ops.nics.none')}</Content>;
  }
  return (
    <div id="instance-nics-tab">
      <Problem error={failure} />
      {notice && <Alert variant="info" isInline title={notice} id="nics-notice" />}
      <Table variant="compact" aria-label={t('ops.tab.nics')} id="instance-nics">
        <Head t={t} keys={['ops.nics.index', 'ops.nics.network', 'ops.nics.ip', 'ops.nics.mac', 'sg.nicGroups', '']} />
        <Tbody>
          {nics.map((n) => {
            const network = networkOf[n.networkId];
            const ids = n.securityGroupIds || [];
            return (
              <Tr key={n.index} data-nic={n.index}>
                <Td>{n.index}</Td>
                <Td data-network={network ? network.name : n.networkId || ''}>
                  {network && admin ? <a href={href('networks', network.id)}>{network.name}</a> : network ? network.name : n.networkId || '–'}
                  {network && network.vlan ? <small> · {t('net.vlanTag', { vlan: network.vlan })}</small> : null}
                </Td>
                <Td>{n.ip || '–'}</Td>
                <Td>{n.mac || '–'}</Td>
                <Td data-groups={ids.map((id) => (groupOf[id] || { name: id }).name).join(',')}>
                  {ids.length === 0 ? <span>{t('sg.noGroups')}</span> : (
                    <LabelGroup numLabels={5}>
                      {ids.map((id) => (
                        <Label key={id} isCompact color="blue" data-group={(groupOf[id] || { name: id }).name}>
                          <a href={href('security-groups', id)}>{(groupOf[id] || { name: id }).name}</a>
                        </Label>
                      ))}
                    </LabelGroup>
                  )}
                </Td>
                <Td isActionCell>
                  {'securityGroupIds' in n && (
                    <Button variant="secondary" size="sm" id={`nic-groups-edit-${n.index}`} onClick={() => setEditing(n)}>
                      {t('sg.editNicGroups')}
                    </Button>
                  )}
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
      {editing && <NicGroupsDialog nic={editing} groups={offered} onClose={() => setEditing(null)} onSave={save} />}
    </div>
  );
}

/** The NIC's groups as checkboxes; the engine's refusal (a group of another VDC...) stays in the dialog. */
function NicGroupsDialog({ nic, groups, onClose, onSave }) {
  const t = useT();
  const [chosen, setChosen] = useState(nic.securityGroupIds || []);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await onSave(nic, chosen);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="nic-groups-title" id="nic-groups">
      <ModalHeader title={t('sg.nicGroupsTitle', { index: nic.index })} labelId="nic-groups-title" />
      <ModalBody>
        <Problem error={problem} />
        <Content component="p">{t('sg.nicGroupsHint')}</Content>
        <GroupChecks groups={groups} chosen={chosen} onChange={setChosen} prefix="nic-group" />
      </ModalBody>
      <ModalFooter>
        <Button id="nic-groups-save" isLoading={busy} isDisabled={busy} onClick={submit}>{t('form.save')}</Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
