/* The container steps of the create wizard (CreateInstance.jsx): image, command, environment and ports. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert, Button, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Flex, FlexItem,
  Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, Modal, TextInput, Wizard,
  WizardHeader, WizardStep, useWizardContext,
} from '@patternfly/react-core';
import { call } from './api.js';
import { useT } from './I18n.jsx';
import { Fields, body, validate } from './Fields.jsx';
import {
  CONTAINER_HOST_TYPES, RESTART_POLICIES, blankPort, commandProblem, containerBlock, containerField, envErrors,
  imageProblem, portErrors, referencesOn, sentRows, splitCommand,
} from './containers.js';


/** The choice that means "a reference typed in" in the image select. */
const OTHER_IMAGE = '*other';

function FieldError({ text }) {
  return text ? <FormHelperText><HelperText><HelperTextItem variant="error">{text}</HelperTextItem></HelperText></FormHelperText> : null;
}

function serverDetail(problem, test) {
  return problem && !problem.local && problem.field && test(problem.field) ? problem.detail : null;
}

/** The image: one of those on the chosen host (or cluster), or any reference typed in. */
export function ImageChoice({ references, values, onChange, problem }) {
  const t = useT();
  const [touched, setTouched] = useState(false);
  const choice = values.imageChoice || '';
  const typing = references.length === 0 || choice === OTHER_IMAGE || (choice !== '' && !references.includes(choice));
  const local = touched || (problem && problem.local) ? imageProblem(values.image) : null;
  const error = local ? t(local) : serverDetail(problem, (f) => f === 'container.image');
  return (
    <FormGroup label={t('wizard.image')} isRequired fieldId={references.length ? 'field-container-image' : 'field-container-imageRef'}>
      {references.length > 0 && (
        <FormSelect id="field-container-image" value={typing ? OTHER_IMAGE : choice} validated={error && !typing ? 'error' : 'default'}
          onChange={(_, v) => { setTouched(true); onChange({ ...values, imageChoice: v, image: v === OTHER_IMAGE ? '' : v }); }}>
          <FormSelectOption value="" label={t('form.choose')} />
          {references.map((r) => <FormSelectOption key={r} value={r} label={r} />)}
          <FormSelectOption value={OTHER_IMAGE} label={t('wizard.imageOther')} />
        </FormSelect>
      )}
      {typing && (
        <TextInput id="field-container-imageRef" aria-label={t('wizard.imageReference')} value={values.image || ''}
          placeholder="ovm/busybox:latest" validated={error ? 'error' : 'default'} onBlur={() => setTouched(true)}
          onChange={(_, v) => onChange({ ...values, imageChoice: OTHER_IMAGE, image: v })} />
      )}
      {error ? <FieldError text={error} /> : references.length === 0 && (
        <FormHelperText><HelperText><HelperTextItem>{t('wizard.noImages')}</HelperTextItem></HelperText></FormHelperText>
      )}
    </FormGroup>
  );
}

/** The command on one line, with the argument list it becomes. */
export function CommandInput({ values, onChange, problem }) {
  const t = useT();
  const local = commandProblem(values.command);
  const error = local ? t(local) : serverDetail(problem, (f) => f === 'container.command' || f === 'container.entrypoint');
  const args = splitCommand(values.command);
  return (
    <FormGroup label={t('wizard.command')} fieldId="field-container-command">
      <TextInput id="field-container-command" value={values.command || ''} validated={error ? 'error' : 'default'}
        placeholder={'sleep 3600 · sh -c "echo hi; sleep 3600"'} onChange={(_, v) => onChange({ ...values, command: v })} />
      {error ? <FieldError text={error} /> : (
        <FormHelperText><HelperText><HelperTextItem id="command-preview">
          {args.length ? t('wizard.commandArgs', { args: JSON.stringify(args) }) : t('wizard.commandDefault')}
        </HelperTextItem></HelperText></FormHelperText>
      )}
    </FormGroup>
  );
}

/** Environment variables, one row each; blank rows are left out. */
export function EnvRows({ rows, onChange, problem }) {
  const t = useT();
  const errors = envErrors(rows);
  const server = problem && !problem.local ? containerField(problem.field) : null;
  const general = server && server.list === 'env' && (!server.key || !rows.some((r) => (r.key || '').trim() === server.key))
    ? problem.detail : null;
  const set = (i, part, value) => onChange(rows.map((row, j) => (j === i ? { ...row, [part]: value } : row)));
  return (
    <FormGroup label={t('wizard.env')} fieldId="env-add" role="group">
      {rows.map((row, i) => {
        const mine = server && server.list === 'env' && server.key && (row.key || '').trim() === server.key ? problem.detail : null;
        const error = errors[i] ? t(errors[i]) : mine;
        return (
          <div key={i} data-env-row={i}>
            <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
              <FlexItem flex={{ default: 'flex_1' }}>
                <TextInput id={`env-key-${i}`} aria-label={t('wizard.envName')} placeholder={t('wizard.envName')} value={row.key || ''}
                  validated={error ? 'error' : 'default'} onChange={(_, v) => set(i, 'key', v)} />
              </FlexItem>
              <FlexItem flex={{ default: 'flex_1' }}>
                <TextInput id={`env-value-${i}`} aria-label={t('wizard.envValue')} placeholder={t('wizard.envValue')} value={row.value || ''}
                  onChange={(_, v) => set(i, 'value', v)} />
              </FlexItem>
              <FlexItem>
                <Button variant="link" isDanger id={`env-remove-${i}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  {t('form.remove')}
                </Button>
              </FlexItem>
            </Flex>
            <FieldError text={error} />
          </div>
        );
      })}
      <FieldError text={general} />
      <Button variant="secondary" id="env-add" onClick={() => onChange([...rows, { key: '', value: '' }])}>{t('wizard.envAdd')}</Button>
    </FormGroup>
  );
}

/** Published ports, one row each (container port, host port or empty for any, protocol); blank rows are left out. */
export function PortRows({ rows, onChange, problem }) {
  const t = useT();
  const errors = portErrors(rows);
  const server = problem && !problem.local ? containerField(problem.field) : null;
  const sent = sentRows(rows, blankPort);
  const serverRow = server && server.list === 'ports' && server.index !== undefined ? sent[server.index] : undefined;
  const general = server && server.list === 'ports' && serverRow === undefined ? problem.detail : null;
  const set = (i, part, value) => onChange(rows.map((row, j) => (j === i ? { ...row, [part]: value } : row)));
  return (
    <FormGroup label={t('wizard.ports')} fieldId="port-add" role="group">
      {rows.map((row, i) => {
        const wrong = Object.fromEntries(Object.entries(errors[i] || {}).map(([part, key]) => [part, t(key)]));
        if (serverRow === i && !Object.keys(wrong).length) {
          wrong[server.part || 'containerPort'] = problem.detail;
        }
        return (
          <div key={i} data-port-row={i}>
            <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
              <FlexItem flex={{ default: 'flex_1' }}>
                <TextInput id={`port-container-${i}`} type="number" aria-label={t('wizard.containerPort')}
                  placeholder={t('wizard.containerPort')} value={row.containerPort ?? ''}
                  validated={wrong.containerPort ? 'error' : 'default'} onChange={(_, v) => set(i, 'containerPort', v)} />
              </FlexItem>
              <FlexItem flex={{ default: 'flex_1' }}>
                <TextInput id={`port-host-${i}`} type="number" aria-label={t('wizard.hostPort')} placeholder={t('wizard.hostPortAny')}
                  value={row.hostPort ?? ''} validated={wrong.hostPort || wrong.hostIp ? 'error' : 'default'}
                  onChange={(_, v) => set(i, 'hostPort', v)} />
              </FlexItem>
              <FlexItem>
                <FormSelect id={`port-protocol-${i}`} aria-label={t('wizard.protocol')} value={row.protocol || 'tcp'}
                  validated={wrong.protocol ? 'error' : 'default'} onChange={(_, v) => set(i, 'protocol', v)}>
                  <FormSelectOption value="tcp" label="TCP" />
                  <FormSelectOption value="udp" label="UDP" />
                </FormSelect>
              </FlexItem>
              <FlexItem>
                <Button variant="link" isDanger id={`port-remove-${i}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  {t('form.remove')}
                </Button>
              </FlexItem>
            </Flex>
            {Object.values(wrong).map((text) => <FieldError key={text} text={text} />)}
          </div>
        );
      })}
      <FieldError text={general} />
      <Button variant="secondary" id="port-add" onClick={() => onChange([...rows, { containerPort: '', hostPort: '', protocol: 'tcp' }])}>
        {t('wizard.portAdd')}
      </Button>
    </FormGroup>
  );
}

