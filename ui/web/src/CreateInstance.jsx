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
  RESTART_POLICIES, blankPort, commandProblem, containerBlock, containerField, envErrors,
  imageProblem, portErrors, referencesOn, sentRows, splitCommand,
} from './containers.js';
import { CommandInput, EnvRows, ImageChoice, PortRows } from './ContainerFields.jsx';
import { GUEST_IDS, guestIdProblem } from './esxi.js';
import { PLACEMENT_FIELDS, placementBody, placementField, usePlacementInventory } from './operator/Placement.jsx';
import { parseTags, tagsProblem } from './operator/logic.js';
import { inside, ipv4Problem, networkLabel, nicProblem, nicRequest, usableNetworks } from './network/logic.js';
import { SecurityGroupField } from './network/GroupChecks.jsx';

const INITIAL = { kind: 'vm', cpus: '1', memoryMiB: '512', restartPolicy: 'no', env: [], ports: [], placement: 'auto' };
// tags on the instance (sent only when some are typed: an engine without tags refuses the field)
const TAGS = { name: 'tags', label: 'ops.tags', check: tagsProblem, hint: 'ops.tags.hint' };
const KINDS = ['vm', 'container'].map((v) => ({ value: v, label: `type.${v}`, translate: true }));

const SIZE = [
  { name: 'cpus', label: 'instances.col.cpus', type: 'number', required: true, min: 1, max: 256 },
  { name: 'memoryMiB', label: 'instances.col.memory', type: 'number', required: true, min: 16, max: 4194304 },
];
// a VM's vSphere guest OS id (ESXi hosts; sent only when filled)
const GUEST_OS = { name: 'guestOs', label: 'wizard.guestOs', placeholder: 'ubuntu64Guest', suggestions: GUEST_IDS,
  check: guestIdProblem, hint: 'wizard.guestOsHint' };
const VM_SIZE = [...SIZE, GUEST_OS];
// a container's vCPUs and memory are limits, not reservations of a guest
const LIMITS = [
  { ...SIZE[0], label: 'wizard.cpuLimit' },
  { ...SIZE[1], label: 'wizard.memoryLimit' },
];
const RESTART = [
  { name: 'restartPolicy', label: 'wizard.restartPolicy', type: 'select', required: true,
    options: RESTART_POLICIES.map((p) => ({ value: p, label: `restart.${p}`, translate: true })) },
  { name: 'restartRetries', label: 'wizard.restartRetries', type: 'number', min: 1, max: 9999,
    showWhen: (v) => v.restartPolicy === 'on-failure' },
];
const VM_SOURCE = [
  { name: 'imageId', label: 'wizard.template', type: 'select', optionsFrom: { path: '/images?limit=1000&kind=template' },
    showWhen: (v) => !v.isoImageId },
  { name: 'cloneMode', label: 'wizard.cloneMode', type: 'select', showWhen: (v) => v.imageId, options: [
    { value: 'linked', label: 'wizard.linked', translate: true }, { value: 'full', label: 'wizard.full', translate: true }] },
  // or install from an ISO onto an empty disk
  { name: 'isoImageId', label: 'wizard.iso', type: 'select', optionsFrom: { path: '/images?limit=1000&kind=iso' },
    showWhen: (v) => !v.imageId },
  { name: 'storagePoolId', label: 'col.pool', type: 'select', optionsFrom: { path: '/storage-pools?limit=1000' },
    showWhen: (v) => !v.imageId || v.cloneMode === 'full', required: (v) => !!v.isoImageId },
  { name: 'diskGiB', label: 'wizard.diskGiB', type: 'number', min: 1, max: 65536, required: (v) => !!v.isoImageId },
  // restarted on another host when its host fails (sent only when chosen)
  { name: 'ha', label: 'wizard.ha', type: 'select', hint: 'wizard.ha.hint', options: [
    { value: 'yes', label: 'wizard.ha.yes', translate: true }] },
  { name: 'haPriority', label: 'wizard.haPriority', type: 'number', min: -1000, max: 1000, showWhen: (v) => v.ha === 'yes' },
];

/** The step an engine problem's field belongs to (the wizard goes there to show it). */
function stepOf(field, container) {
  if (!field) {
    return null;
  }
  const inContainer = containerField(field);
  if (inContainer) {
    return inContainer.list ? 'step-settings' : inContainer.part === 'container' ? 'step-basics' : 'step-container';
  }
  if (field === 'cpus' || field === 'memoryMiB' || field === 'guestOs') {
    return 'step-size';
  }
  if (field.startsWith('nics') || ['networkId', 'nicIp', 'securityGroupIds'].includes(field)) {
    return 'step-network';
  }
  if (VM_SOURCE.some((f) => f.name === field)) {
    return 'step-source';
  }
  if (PLACEMENT_FIELDS.includes(field)) {
    return 'step-placement';
  }
  return ['name', 'kind', 'vdcId', 'tags'].includes(field) ? 'step-basics' : null;
}

/**
 * What a container step's own inputs still lack, as a problem, or null: the image and command
 * ('container'), the variables and ports ('settings'), or both (no step given).
 */
function containerProblem(values, t, step) {
  if (step !== 'settings') {
    const image = imageProblem(values.image);
    if (image) {
      return { field: 'container.image', detail: t(image), local: true };
    }
    const command = commandProblem(values.command);
    if (command) {
      return { field: 'container.command', detail: t(command), local: true };
    }
  }
  if (step === 'container') {
    return null;
  }
  const env = Object.values(envErrors(values.env));
  if (env.length) {
    return { field: 'container.env', detail: t(env[0]), local: true };
  }
  const ports = Object.values(portErrors(values.ports));
  if (ports.length) {
    return { field: 'container.ports', detail: t(Object.values(ports[0])[0]), local: true };
  }
  return null;
}

/** A fixed address: an IPv4 address inside the chosen network (the engine checks its range and that it is free). */
const fixedIpProblem = (networks) => (value, values) => {
  const network = networks.find((n) => n.id === values.networkId);
  return ipv4Problem(value) || (network && !inside(value, network.cidr) ? 'wizard.ipOutside' : null);
};

/** Goes once to the step holding the field a refused create named (rendered inside the wizard). */
function GoToStep({ step, onGone }) {
  const { goToStepById } = useWizardContext();
  useEffect(() => {
    if (step) {
      onGone();
      goToStepById(step);
    }
  }, [step, onGone, goToStepById]);
  return null;
}

/**
 * The self-service create wizard. A VM: basics, size, disk and network, review. A container
 * (chosen, or implied by a docker host or cluster): basics, limits, image and command,
 * environment and ports, network, review. One POST /instances; an engine refusal naming a field
 * is shown under that field, on its step.
 */
export function CreateInstance({ isOpen, onClose, onCreated, isAdmin }) {
  const t = useT();
  const [values, setValues] = useState(INITIAL);
  const [problem, setProblem] = useState(null);
  const [goTo, setGoTo] = useState(null);
  const gone = useCallback(() => setGoTo(null), []);
  const [touched, setTouched] = useState(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const inventory = usePlacementInventory(isOpen, isAdmin);
  const { hosts } = inventory;
  const [networks, setNetworks] = useState([]);
  const [groups, setGroups] = useState([]);
  const [vdcNames, setVdcNames] = useState(null);
  const [images, setImages] = useState([]);
  const container = values.kind === 'container';
  useEffect(() => {
    if (!isOpen) {
      return;
    }
    setProblem(null); // what was refused before was closed with the wizard
    setTouched(new Set());
    setSubmitted(false);
    call('GET', '/networks?limit=1000').then((page) => setNetworks(page.items)).catch(() => setNetworks([]));
    // the NIC's security groups: a user's are their VDC's; an admin sees every VDC's, named
    call('GET', '/security-groups?limit=1000').then((page) => setGroups(page.items)).catch(() => setGroups([]));
    if (isAdmin) {
      call('GET', '/vdcs?limit=1000').then((page) => setVdcNames(Object.fromEntries(page.items.map((v) => [v.id, v.name]))))
        .catch(() => setVdcNames(null));
    }
  }, [isOpen, isAdmin]);
  useEffect(() => {
    if (isOpen && container) {
      call('GET', '/images?kind=container&limit=1000').then((page) => setImages(page.items)).catch(() => setImages([]));
    }
  }, [isOpen, container]);

  const basics = useMemo(() => [
    { name: 'name', label: 'col.name', required: true, kind: 'name' },
    { name: 'kind', label: 'wizard.kind', type: 'select', required: true, options: KINDS },
    TAGS,
  ], []);
  const placement = useMemo(() => [placementField(inventory, isAdmin)], [inventory, isAdmin]);
  // the network step: the networks this kind of instance may use (type, VLAN, subnet, free addresses in
  // each option), a fixed address and the NIC's security groups; none chosen: the instance gets no NIC
  const language = t.language;
  const nicFields = useMemo(() => [
    { name: 'networkId', label: 'wizard.network', type: 'select', hint: 'wizard.networkHint',
      options: usableNetworks(networks, container).map((n) => ({ value: n.id, label: networkLabel(n, t) })) },
    { name: 'nicIp', label: 'wizard.fixedIp', hint: 'wizard.fixedIpHint',
      placeholder: (v) => (networks.find((n) => n.id === v.networkId) || {}).rangeStart || '',
      showWhen: (v) => !!v.networkId, check: fixedIpProblem(networks) },
    { name: 'securityGroupIds', label: 'sg.nicGroups', type: 'custom', component: SecurityGroupField, groups, vdcNames,
      showWhen: (v) => !!v.networkId },
  ], [networks, container, groups, vdcNames, language]); // t follows the language
  const references = useMemo(() => {
    if (values.hostId) {
      return referencesOn(images, [values.hostId]);
    }
    const inCluster = hosts.filter((h) => h.clusterId === values.clusterId).map((h) => h.id);
    return referencesOn(images, inCluster.length ? inCluster : null);
  }, [images, hosts, values.hostId, values.clusterId]);

  /** Records which fields the user changed (their errors show from then on); another kind places anew. */
  const change = (next) => {
    if (next.kind !== values.kind) { // another kind places anew and may use other networks
      next = { ...next, placement: 'auto', zoneId: '', clusterId: '', hostId: '', networkId: '', nicIp: '', securityGroupIds: [] };
    }
    const changed = Object.keys(next).filter((k) => k !== 'labels' && next[k] !== values[k]);
    if (changed.some((k) => !touched.has(k))) {
      setTouched(new Set([...touched, ...changed]));
    }
    setValues(next);
  };
  const showErrors = submitted ? true : (name) => touched.has(name);
  // every step is always there (the wizard keeps its steps by position); those of the other kind are hidden
  const steps = [
    { id: 'basics', title: 'ops.place.basics', fields: basics },
    { id: 'size', title: container ? 'wizard.limits' : 'wizard.size', fields: container ? LIMITS : VM_SIZE },
    { id: 'placement', title: 'ops.place.title', fields: placement },
    { id: 'source', title: 'wizard.source', fields: VM_SOURCE, hidden: container },
    { id: 'container', title: 'wizard.container', fields: RESTART, own: true, hidden: !container },
    { id: 'settings', title: 'wizard.settings', fields: [], own: true, hidden: !container },
    { id: 'network', title: 'wizard.network', fields: nicFields },
  ];
  const all = steps.filter((s) => !s.hidden).flatMap((s) => s.fields);
  /** The first problem of a step's inputs (the step's Next stays disabled while there is one). */
  const stepProblem = (step) => {
    const local = validate(step.fields, values, t);
    return local || (step.own ? containerProblem(values, t, step.id) : null);
  };
  const refused = (refusal) => {
    const found = nicProblem(refusal, values); // the engine names `nics`: shown under the NIC's field
    setProblem(found);
    setGoTo(stepOf(found.field, container));
  };

  const submit = async () => {
    setSubmitted(true);
    const local = validate(all, values, t) || (container ? containerProblem(values, t) : null);
    if (local) {
      refused(local);
      return;
    }
    const plain = all.filter((f) => !['kind', 'networkId', 'nicIp', 'securityGroupIds', 'restartPolicy', 'restartRetries', 'tags',
      'placement', 'ha'].includes(f.name));
    const request = { ...body(plain, values), ...placementBody(values) };
    const tags = parseTags(values.tags);
    if (tags.length) {
      request.tags = tags;
    }
    if (!container && values.ha === 'yes') {
      request.ha = true;
    }
    if (container) {
      request.container = containerBlock(values);
    }
    const nic = nicRequest(values); // no network chosen: no NIC, as before
    if (nic) {
      request.nics = [nic];
    }
    request.start = true;
    try {
      const task = await call('POST', '/instances', request);
      setProblem(null);
      setValues(INITIAL);
      onCreated(task);
    } catch (e) {
      refused(e.problem || { detail: e.message });
    }
  };
  const alert = (always) => problem && (always || !problem.local) && (
    <Alert variant="danger" isInline title={t(problem.local ? 'form.incomplete' : 'error.title')} id="wizard-problem">
      {problem.detail}
    </Alert>
  );
  const footer = (step) => ({ nextButtonText: t('wizard.next'), backButtonText: t('wizard.back'),
    cancelButtonText: t('form.cancel'), isNextDisabled: step ? stepProblem(step) !== null : false });
  return (
    <Modal isOpen={isOpen} onEscapePress={onClose} variant="large" aria-label={t('wizard.title')} id="create-wizard">
      <Wizard header={<WizardHeader title={t('wizard.title')} onClose={onClose} closeButtonAriaLabel={t('form.close')} />}
        onClose={onClose} onSave={submit} height={560}>
        {steps.map((step) => (
          <WizardStep key={step.id} id={`step-${step.id}`} name={t(step.title)} footer={footer(step)} isHidden={!!step.hidden}>
            <GoToStep step={goTo} onGone={gone} />
            <Form onSubmit={(e) => e.preventDefault()}>
              {alert(false)}
              {step.id === 'container' && (
                <>
                  <ImageChoice references={references} values={values} onChange={change} problem={problem} />
                  <CommandInput values={values} onChange={change} problem={problem} />
                </>
              )}
              <Fields fields={step.fields} values={values} onChange={change} showErrors={showErrors}
                problem={problem && problem.field === 'container.restartPolicy' ? { ...problem, field: 'restartPolicy' } : problem} />
              {step.id === 'settings' && (
                <>
                  <EnvRows rows={values.env} onChange={(env) => change({ ...values, env })} problem={problem} />
                  <PortRows rows={values.ports} onChange={(ports) => change({ ...values, ports })} problem={problem} />
                </>
              )}
            </Form>
          </WizardStep>
        ))}
        <WizardStep id="step-review" name={t('wizard.review')} footer={{ ...footer(null), nextButtonText: t('wizard.create') }}>
          <GoToStep step={goTo} onGone={gone} />
          {alert(true)}
          <Review fields={all} values={values} container={container} groups={groups} />
        </WizardStep>
      </Wizard>
    </Modal>
  );
}

function Review({ fields, values, container, groups }) {
  const t = useT();
  const shown = (f) => {
    if (f.name === 'placement') {
      const mode = values.placement || 'auto';
      return mode === 'auto' ? t('ops.place.auto') : `${t(`ops.place.${mode}`)}: ${(values.labels || {}).placement || ''}`;
    }
    if (f.name === 'securityGroupIds') {
      return values.securityGroupIds.map((id) => (groups.find((g) => g.id === id) || { name: id }).name).join(', ');
    }
    const option = f.options && f.options.find((o) => o.value === values[f.name]);
    return option ? (option.translate ? t(option.label) : option.label) : (values.labels && values.labels[f.name]) || values[f.name];
  };
  const filled = (v) => (Array.isArray(v) ? v.length > 0 : !!v);
  const rows = fields.filter((f) => filled(values[f.name]) && (!f.showWhen || f.showWhen(values)))
    .map((f) => [f.name, t(f.label), shown(f)]);
  if (!values.networkId) {
    rows.push(['networkId', t('wizard.network'), t('wizard.noNic')]);
  }
  if (container) {
    const block = containerBlock(values);
    rows.push(['image', t('wizard.image'), block.image]);
    rows.push(['command', t('wizard.command'), block.command ? JSON.stringify(block.command) : t('wizard.commandDefault')]);
    if (block.env) {
      rows.push(['env', t('wizard.env'), Object.keys(block.env).join(', ')]); // names only: values may be secrets
    }
    if (block.ports) {
      rows.push(['ports', t('wizard.ports'), block.ports.map((p) => `${p.hostPort || '*'}->${p.containerPort}/${p.protocol}`).join(', ')]);
    }
  }
  return (
    <DescriptionList isHorizontal id="wizard-review">
      {rows.map(([key, term, description]) => (
        <DescriptionListGroup key={key}>
          <DescriptionListTerm>{term}</DescriptionListTerm>
          <DescriptionListDescription data-review={key}>{description}</DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}
