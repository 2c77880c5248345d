// Columns and fields most list pages share.

/** The name column, sortable by the API's `name`. */
export const name = { key: 'name', label: 'col.name', value: (i) => i.name, sort: 'name' };

/** When the row was created, in the language's format, sortable (newest first on the first click). */
export const created = { key: 'created', label: 'col.created', value: (i, t) => t.date(i.createdAt), sort: 'createdAt' };

export const nameField = { name: 'name', label: 'col.name', required: true, kind: 'name' };
