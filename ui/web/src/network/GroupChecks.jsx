// Choosing a NIC's security groups: one checkbox per group of the instance's VDC, in the create
// wizard (a custom field) and in the NIC's edit dialog on the instance page.
import {
  Checkbox, FormGroup, FormHelperText, HelperText, HelperTextItem,
} from '@patternfly/react-core';
import { useT } from '../I18n.jsx';

/** Checkboxes #<prefix>-<group name>, data-group; `chosen` the ids checked. */
export function GroupChecks({ groups, chosen, onChange, prefix, vdcNames }) {
  const t = useT();
  const set = new Set(chosen || []);
  if (!groups.length) {
    return <HelperText><HelperTextItem id={`${prefix}-none`}>{t('sg.noneToChoose')}</HelperTextItem></HelperText>;
  }
  return (
    <div id={prefix} role="group">
      {groups.map((g) => (
        <Checkbox key={g.id} id={`${prefix}-${g.name}`} data-group={g.name} isChecked={set.has(g.id)}
          label={vdcNames && vdcNames[g.vdcId] ? `${g.name} (${vdcNames[g.vdcId]})` : g.name}
          description={g.description || undefined}
          onChange={(_, on) => onChange(on ? [...set, g.id] : [...set].filter((x) => x !== g.id))} />
      ))}
    </div>
  );
}

/**
 * The wizard's field (type 'custom'): field.groups are the groups offered, field.vdcNames (admins)
 * their VDCs' names; a refusal naming securityGroupIds shows under it.
 */
export function SecurityGroupField({ field, values, onValues, problem }) {
  const t = useT();
  const invalid = problem && problem.field === field.name;
  return (
    <FormGroup label={t(field.label)} fieldId="field-securityGroupIds" role="group">
      <GroupChecks groups={field.groups} chosen={values[field.name]} prefix="field-securityGroupIds" vdcNames={field.vdcNames}
        onChange={(ids) => onValues({ ...values, [field.name]: ids })} />
      <FormHelperText><HelperText>
        {invalid ? <HelperTextItem id="field-securityGroupIds-error" variant="error">{problem.detail}</HelperTextItem>
          : <HelperTextItem>{t('sg.nicGroupsHint')}</HelperTextItem>}
      </HelperText></FormHelperText>
    </FormGroup>
  );
}
