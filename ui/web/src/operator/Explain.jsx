import { useEffect, useState } from 'react';
import {
  Button, Content, Form, FormGroup, FormSelect, FormSelectOption, Label, PageSection, TextInput, Title, ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { Head } from './Bars.jsx';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { href } from '../router.js';
import { explainRequest } from './forms.js';

export const SCOPES = ['none', 'zone', 'cluster', 'hosts'];

/** The route's id may carry a request to explain: #/explain/cpus=2&memoryMiB=512&scope=cluster&clusterId=… */
export const explainHref = (values) => href('explain', new URLSearchParams(values).toString());
const fromRoute = (id) => {
  const known = ['cpus', 'memoryMiB', 'scope', 'zoneId', 'clusterId'];
  return Object.fromEntries([...new URLSearchParams(id || '').entries()].filter(([k]) => known.includes(k)));
};

/**
 * #/explain (admins): why each host would take or refuse an instance of this size in this scope
 * (POST /placements/explain), as a table: accepted or not, the reason, the score.
 */
export function Explain({ id }) {
  const t = useT();
  const [values, setValues] = useState(() => ({ cpus: '1', memoryMiB: '512', scope: 'none', hostIds: [], ...fromRoute(id) }));
  const [lists, setLists] = useState({ zones: [], clusters: [], hosts: [], loaded: false });
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const get = (path) => call('GET', path).then((page) => page.items).catch(() => []);
    Promise.all([get('/zones?limit=1000'), get('/clusters?limit=1000'), get('/hosts?limit=1000')])
      .then(([zones, clusters, hosts]) => setLists({ zones, clusters, hosts, loaded: true }));
  }, []);
  useEffect(() => {
    if (id && lists.loaded) { // asked from the wizard's "Why not?": explain at once
      explain();
    }
  }, [id, lists.loaded]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (name) => (_, v) => setValues({ ...values, [name]: v });
  async function explain() {
    const request = explainRequest(values);
    try {
      setAnswer(await call('POST', '/placements/explain', request).catch((e) => {
        // an engine that needs a scope: the default zone (or the only one) is what "none" means
        const zone = lists.zones.find((z) => z.defaultZone) || (lists.zones.length === 1 && lists.zones[0]);
        if (e.status === 400 && !request.zoneId && !request.clusterId && zone) {
          return call('POST', '/placements/explain', { ...request, zoneId: zone.id });
        }
        throw e;
      }));
      setError(null);
    } catch (e) {
      setError(e);
      setAnswer(null);
    }
  }
  const select = (name, items) => (
    <FormSelect id={`explain-${name}`} value={values[name] || ''} onChange={set(name)} aria-label={t(`ops.scope.${values.scope}`)}>
      <FormSelectOption value="" label={t('form.choose')} />
      {items.map((x) => <FormSelectOption key={x.id} value={x.id} label={x.name} />)}
    </FormSelect>
  );
  const hostNames = Object.fromEntries(lists.hosts.map((h) => [h.id, h.name]));
  return (
    <PageSection id="explain-page">
      <Title headingLevel="h1">{t('nav.explain')}</Title>
      <Content component="p">{t('ops.explain.intro')}</Content>
      <Form isHorizontal onSubmit={(e) => { e.preventDefault(); explain(); }} style={{ maxWidth: 640 }}>
        <FormGroup label={t('instances.col.cpus')} fieldId="explain-cpus">
          <TextInput id="explain-cpus" type="number" value={values.cpus} onChange={set('cpus')} />
        </FormGroup>
        <FormGroup label={t('instances.col.memory')} fieldId="explain-memory">
          <TextInput id="explain-memory" type="number" value={values.memoryMiB} onChange={set('memoryMiB')} />
        </FormGroup>
        <FormGroup label={t('ops.scope')} fieldId="explain-scope" role="radiogroup">
          <ToggleGroup aria-label={t('ops.scope')}>
            {SCOPES.map((s) => (
              <ToggleGroupItem key={s} buttonId={`explain-scope-${s}`} text={t(`ops.scope.${s}`)} isSelected={values.scope === s}
                onChange={() => setValues({ ...values, scope: s })} />
            ))}
          </ToggleGroup>
        </FormGroup>
        {values.scope === 'zone' && <FormGroup label={t('col.zone')} fieldId="explain-zoneId">{select('zoneId', lists.zones)}</FormGroup>}
        {values.scope === 'cluster' && (
          <FormGroup label={t('col.cluster')} fieldId="explain-clusterId">{select('clusterId', lists.clusters)}</FormGroup>
        )}
        {values.scope === 'hosts' && (
          <FormGroup label={t('nav.hosts')} fieldId="explain-hosts">
            <FormSelect id="explain-hosts" value={values.hostIds[0] || ''} onChange={(_, v) => setValues({ ...values, hostIds: v ? [v] : [] })}>
              <FormSelectOption value="" label={t('form.choose')} />
              {lists.hosts.map((h) => <FormSelectOption key={h.id} value={h.id} label={h.name} />)}
            </FormSelect>
          </FormGroup>
        )}
        <div><Button id="explain-submit" type="submit">{t('ops.explain.run')}</Button></div>
      </Form>
      <Problem error={error} />
      {answer && (
        <section id="explain-result" style={{ marginTop: 24 }} data-hosts={answer.hosts.length}>
          <Content component="p">{t('ops.explain.policy', { policy: answer.policy || '–' })}</Content>
          {answer.hosts.length === 0 ? <Content component="p" id="explain-empty">{t('ops.explain.noHosts')}</Content> : (
            <Table variant="compact" aria-label={t('nav.explain')} id="explain-table">
              <Head t={t} keys={['col.host', 'ops.explain.verdict', 'ops.explain.score', 'ops.reason']} />
              <Tbody>
                {answer.hosts.map((h) => (
                  <Tr key={h.hostId} data-host={h.name || hostNames[h.hostId]} data-accepted={h.accepted}>
                    <Td><a href={href('hosts', h.hostId)}>{h.name || hostNames[h.hostId] || h.hostId}</a></Td>
                    <Td>
                      <Label isCompact color={h.accepted ? 'green' : 'red'}>
                        {t(h.accepted ? 'ops.explain.accepted' : 'ops.explain.rejected')}
                      </Label>
                    </Td>
                    <Td>{h.accepted ? h.score : '–'}</Td>
                    <Td>{h.reason ? `${h.code ? t(`ops.code.${h.code}`) + ': ' : ''}${h.reason}` : '–'}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </section>
      )}
    </PageSection>
  );
}
