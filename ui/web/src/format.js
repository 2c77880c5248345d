/** A byte count the way people read it: MiB below a GiB, GiB with one decimal from there. */
export function size(bytes) {
  return bytes < 1073741824 ? `${Math.ceil(bytes / 1048576)} MiB` : `${(bytes / 1073741824).toFixed(1)} GiB`;
}

/**
 * The file name a Content-Disposition header gives (`attachment; filename="x.csv"`), or `fallback`
 * when it names none; anything but a plain file name (path separators, control characters) is
 * replaced by `fallback` too.
 */
export function attachmentName(header, fallback) {
  const match = /filename="?([^";]+)"?/i.exec(header || '');
  const name = match ? match[1].trim() : '';
  return name && !/[\\/\u0000-\u001f]/.test(name) ? name : fallback;
}
