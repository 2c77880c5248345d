import { useEffect, useState } from 'react';
import {
  FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, TextArea, TextInput,
} from '@patternfly/react-core';
import { call } from './api.js';
import { href } from './router.js';
import { useT } from './I18n.jsx';
import { isRequired, problemOf, visible } from './validation.js';
import { installedOptions, installedTypes } from './drivers.js';

export { body, validate, visible } from './validation.js';

/**
 * Renders form fields from a spec: { name, label, type: text|number|password|textarea|select|custom, options:
 * [{value, label}] or optionsFrom: {path, label} (items of a GET list), required, placeholder (text or
 * function of the values; placeholderKey: a message key instead), hint (a message key or a function of the values giving one, shown under
 * the field; hintVariant: 'warning' to warn), suggestions: [{value, label}] (a text field's datalist) }.
 * A custom field is its own component: { component } gets { field, values, onValues(allValues), problem, showErrors }.
 * The API's problem, when it names a field, is shown under that field. showErrors: show the fields' own
 * problems (true), or a function of a field's name saying whether to (a wizard: once touched).
 */
export function Fields({ fields, values, onChange, problem, showErrors }) {
  return visible(fields, values).map((field) => (field.type === 'custom' ? (
    <field.component key={field.name} field={field} values={values} onValues={onChange} problem={problem}
      showErrors={typeof showErrors === 'function' ? showErrors(field.name) : showErrors} />
  ) : (
    <Field key={field.name} field={field} value={values[field.name] ?? ''} problem={problem} values={values}
      showErrors={typeof showErrors === 'function' ? showErrors(field.name) : showErrors}
      onChange={(value, label) => onChange({ ...values, [field.name]: value,
        labels: { ...(values.labels || {}), [field.name]: label ?? value } })} />
  )));
}

function Field({ field, value, onChange, problem, values, showErrors }) {
  const t = useT();
  const options = useOptions(field);
  const required = isRequired(field, values);
  const local = showErrors ? problemOf(field, value, t, values) : null;
  if (local) {
    problem = { field: field.name, detail: local };
  }
  const invalid = problem && problem.field === field.name;
  const id = `field-${field.name.replace('.', '-')}`;
  const hint = typeof field.hint === 'function' ? field.hint(values || {}) : field.hint;
  const placeholder = field.placeholderKey ? t(field.placeholderKey)
    : typeof field.placeholder === 'function' ? field.placeholder(values) : field.placeholder;
  return (
    <FormGroup label={t(field.label)} isRequired={required} fieldId={id}>
      {field.type === 'select' ? (
        <FormSelect id={id} value={value} validated={invalid ? 'error' : 'default'} onChange={(_, v) => {
          const option = options.find((o) => o.value === v);
          onChange(v, option && (option.translate ? t(option.label) : option.label));
        }}>
          <FormSelectOption value="" label={required ? t('form.choose') : t('form.none')} />
          {options.map((o) => <FormSelectOption key={o.value} value={o.value} label={o.translate ? t(o.label) : o.label} />)}
        </FormSelect>
      ) : field.type === 'textarea' ? (
        <TextArea id={id} value={value} onChange={(_, v) => onChange(v)} validated={invalid ? 'error' : 'default'}
          resizeOrientation="vertical" rows={4} placeholder={placeholder} />
      ) : (
        <TextInput id={id} type={field.type === 'number' || field.type === 'decimal' ? 'number' : field.type === 'password' ? 'password' : 'text'}
          value={value} onChange={(_, v) => onChange(v)} validated={invalid ? 'error' : 'default'}
          placeholder={placeholder} list={field.suggestions ? `${id}-suggestions` : undefined} />
      )}
      {field.suggestions && (
        <datalist id={`${id}-suggestions`}>
          {field.suggestions.map((o) => <option key={o.value} value={o.value} label={o.label} />)}
        </datalist>
      )}
      {invalid ? (
        <FormHelperText><HelperText><HelperTextItem id={`${id}-error`} variant="error">{problem.detail}</HelperTextItem></HelperText></FormHelperText>
      ) : (hint || field.drivers) && (
        <FormHelperText><HelperText>
          {hint && <HelperTextItem id={`${id}-hint`} variant={field.hintVariant || 'default'}>{t(hint)}</HelperTextItem>}
          {field.drivers && (
            <HelperTextItem id={`${id}-drivers`}>
              {t('drivers.hint')} <a href={href('plugins')} id={`${id}-plugins-link`}>{t('drivers.pluginsLink')}</a>
            </HelperTextItem>
          )}
        </HelperText></FormHelperText>
      )}
    </FormGroup>
  );
}

/**
 * A select's options: the spec's own (they may change between renders), those of a GET list (none
 * if refused; optionsFrom.filter(item) keeps some, optionsFrom.text(item, t) labels them), or (drivers: an area) the spec's own narrowed
 * to the installed driver types.
 */
function useOptions(field) {
  const t = useT();
  const [fetched, setFetched] = useState([]);
  const [installed, setInstalled] = useState(null);
  useEffect(() => {
    if (field.drivers) {
      installedTypes(field.drivers).then(setInstalled);
    }
  }, [field]);
  useEffect(() => {
    if (field.optionsFrom) {
      call('GET', field.optionsFrom.path).then((page) => setFetched(page.items.map((item) => ({
        value: item.id, label: item[field.optionsFrom.label || 'name'], item })))).catch(() => setFetched([]));
    }
  }, [field]);
  const filter = field.optionsFrom && field.optionsFrom.filter;
  const text = field.optionsFrom && field.optionsFrom.text;
  const shown = text ? fetched.map((o) => ({ ...o, label: text(o.item, t) })) : fetched;
  return field.optionsFrom ? (filter ? shown.filter((o) => filter(o.item)) : shown)
    : field.drivers ? installedOptions(field.options || [], installed) : field.options || [];
}
