/** A byte count the way people read it: MiB below a GiB, GiB with one decimal from there. */
export function size(bytes) {
  return bytes < 1073741824 ? `${Math.ceil(bytes / 1048576)} MiB` : `${(bytes / 1073741824).toFixed(1)} GiB`;
}
