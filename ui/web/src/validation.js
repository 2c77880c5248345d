// Client-side checks that mirror the API's (the API checks again and has the last word).

/** The fields shown for these values (a field may depend on another, e.g. credentials on the host type). */
export function visible(fields, values) {
  return fields.filter((f) => !f.showWhen || f.showWhen(values));
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Whether a field must be filled: `required` may depend on the other values. */
export function isRequired(field, values) {
  return typeof field.required === 'function' ? !!field.required(values || {}) : !!field.required;
}

/** What is wrong with a value before the API sees it (the API checks again), or null. */
export function problemOf(field, value, t, values) {
  const empty = value === undefined || value === null || String(value).trim() === '';
  if (empty) {
    return isRequired(field, values) ? t('form.required') : null;
  }
  if (field.kind === 'name' && !NAME.test(value)) {
    return t('form.badName');
  }
  if (field.type === 'number') {
    const n = Number(value);
    if (!Number.isInteger(n) || (field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) {
      return t('form.range', { min: field.min ?? 0, max: field.max ?? '∞' });
    }
  }
  if (field.type === 'decimal') { // a ratio such as an overcommit: a positive number
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || (field.max !== undefined && n > field.max)) {
      return t('form.positive');
    }
  }
  if (field.check) { // a field's own rule: check(value, values) gives a message key, or null
    const key = field.check(value, values || {});
    return key ? t(key) : null;
  }
  return null;
}

/** The first field with a problem, as a problem object like the API's, or null. */
export function validate(fields, values, t) {
  for (const field of visible(fields, values)) {
    const detail = problemOf(field, values[field.name], t, values);
    if (detail) {
      return { field: field.name, detail, local: true };
    }
  }
  return null;
}

/** The request body of a form: empty fields left out, numbers as numbers, dotted names nested (labels are for display). */
export function body(fields, values) {
  const out = {};
  for (const field of visible(fields, values)) {
    const raw = values[field.name];
    if (raw === undefined || raw === '') {
      continue;
    }
    const value = field.type === 'number' ? Number(raw) : raw;
    const dot = field.name.indexOf('.');
    if (dot > 0) { // quota.cpus, settings.domainType: nested objects
      const group = field.name.slice(0, dot);
      out[group] = { ...(out[group] || {}), [field.name.slice(dot + 1)]: value };
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

/**
 * True when a refusal names a field the form shows: it is shown under that field. Any other
 * refusal (no field, or one the form lacks, e.g. the disk quota's diskGiB on a volume's sizeGiB)
 * is shown at the top of the form, never swallowed.
 */
export function atField(problem, fields, values) {
  return !!problem && !!problem.field && visible(fields || [], values || {}).some((f) => f.name === problem.field);
}
