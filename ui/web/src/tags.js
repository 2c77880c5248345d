// Instance tags as the API takes them: 1–32 characters of [A-Za-z0-9._-], at most 16 per instance.

const TAG = /^[A-Za-z0-9._-]{1,32}$/;
export const MAX_TAGS = 16;

/**
 * The tags typed in a text (separated by commas or blanks, duplicates dropped): { tags, error },
 * error being a message key (with `tag` naming the bad one) or null.
 */
export function parseTags(text) {
  const tags = [...new Set(String(text || '').split(/[\s,]+/).filter(Boolean))];
  const bad = tags.find((tag) => !TAG.test(tag));
  if (bad) {
    return { tags, error: 'tags.bad', tag: bad };
  }
  if (tags.length > MAX_TAGS) {
    return { tags, error: 'tags.tooMany', tag: null };
  }
  return { tags, error: null, tag: null };
}

/** The columns a user may add to the instance list, and those shown until they choose. */
export const OPTIONAL_COLUMNS = ['host', 'vdc', 'owner', 'created', 'tags', 'ha'];
export function defaultColumns(isAdmin) {
  return isAdmin ? ['host', 'vdc', 'owner', 'tags'] : ['created', 'tags'];
}

/** The columns remembered in the browser (only known ones), else the defaults. */
export function rememberedColumns(saved, isAdmin) {
  try {
    const list = JSON.parse(saved);
    if (Array.isArray(list)) {
      return list.filter((c) => OPTIONAL_COLUMNS.includes(c));
    }
  } catch {
    // nothing (or something broken) saved: the defaults
  }
  return defaultColumns(isAdmin);
}
