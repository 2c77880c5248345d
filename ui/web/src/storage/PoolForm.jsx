// The pool form's own fields (custom fields of Fields.jsx): where the pool is attached (one host,
// a cluster, chosen hosts) and the NFS pool's advanced settings behind a toggle.
import { useEffect, useState } from 'react';
import {
  Button, Checkbox, FormGroup, FormHelperText, HelperText, HelperTextItem, Radio,
} from '@patternfly/react-core';
import { AngleDownIcon, AngleRightIcon } from '@patternfly/react-icons';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { PLACEMENTS } from './logic.js';

/** Radios #field-placement-<host|cluster|hosts>; no choice yet reads as "one host". */
export function PlacementChoice({ field, values, onValues }) {
  const t = useT();
  const chosen = values[field.name] || 'host';
  return (
    <FormGroup label={t(field.label)} fieldId="field-placement" role="radiogroup" isInline>
      {PLACEMENTS.map((p) => (
        <Radio key={p} id={`field-placement-${p}`} name="placement" data-placement={p} label={t(`pool.placement.${p}`)}
          isChecked={chosen === p} onChange={() => onValues({ ...values, [field.name]: p })} />
      ))}
    </FormGroup>
  );
}

/** One checkbox per host (#field-hostIds-<host name>); the ids chosen, in values[field.name]. */
export function HostChecks({ field, values, onValues, problem, showErrors }) {
  const t = useT();
  const [hosts, setHosts] = useState(null);
  useEffect(() => {
    call('GET', '/hosts?limit=1000').then((page) => setHosts(page.items)).catch(() => setHosts([]));
  }, []);
  const chosen = new Set(values[field.name] || []);
  const invalid = problem && problem.field === field.name;
  const missing = showErrors && chosen.size === 0;
  return (
    <FormGroup label={t(field.label)} fieldId="field-hostIds" role="group" isRequired>
      <div id="field-hostIds">
        {(hosts || []).map((h) => (
          <Checkbox key={h.id} id={`field-hostIds-${h.name}`} data-host={h.name} isChecked={chosen.has(h.id)}
            label={`${h.name} (${h.type})`}
            onChange={(_, on) => onValues({ ...values, [field.name]: on ? [...chosen, h.id] : [...chosen].filter((x) => x !== h.id) })} />
        ))}
      </div>
      <FormHelperText><HelperText>
        {invalid ? <HelperTextItem id="field-hostIds-error" variant="error">{problem.detail}</HelperTextItem>
          : missing ? <HelperTextItem id="field-hostIds-error" variant="error">{t('form.required')}</HelperTextItem>
            : <HelperTextItem>{t(hosts && hosts.length === 0 ? 'pool.noHostsToChoose' : 'pool.hostsHint')}</HelperTextItem>}
      </HelperText></FormHelperText>
    </FormGroup>
  );
}

/** #field-advanced: shows or hides the fields that follow it (values.advanced). */
export function AdvancedToggle({ values, onValues }) {
  const t = useT();
  const open = !!values.advanced;
  return (
    <Button variant="link" isInline id="field-advanced" aria-expanded={open} icon={open ? <AngleDownIcon /> : <AngleRightIcon />}
      onClick={() => onValues({ ...values, advanced: !open })}>
      {t(open ? 'pool.advancedHide' : 'pool.advanced')}
    </Button>
  );
}
