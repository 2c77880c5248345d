// Dates, numbers, sizes and durations as the selected language writes them (Intl), the same on
// every page: in 简体中文 a date reads 2026/12/6 17:46, in English 12/6/2026, 17:46.

const DATE_TIME = { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** A date and time (an ISO string, a Date or epoch milliseconds) in the language; '' for none or an invalid one. */
export function dateTime(value, language = 'en', timeZone = undefined) {
  if (value == null || value === '') {
    return '';
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  return new Intl.DateTimeFormat(language, { ...DATE_TIME, timeZone }).format(date);
}

/** A number with the language's grouping (12,345); '' for none. */
export function number(value, language = 'en', digits = 0) {
  if (value == null || Number.isNaN(Number(value))) {
    return '';
  }
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(Number(value));
}

/** A byte count the way people read it: MiB below a GiB, GiB with one decimal from there. */
export function size(bytes, language = 'en') {
  if (bytes == null) {
    return '';
  }
  return bytes < 1073741824 ? `${number(Math.ceil(bytes / 1048576), language)} MiB`
    : `${new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      .format(bytes / 1073741824)} GiB`;
}

/** A MiB count (memory): MiB below a GiB, GiB with one decimal from there. */
export function mebibytes(mib, language = 'en') {
  return mib == null ? '' : size(mib * 1048576, language);
}

/**
 * How long something took between two instants (ISO strings): "850 ms", "12 s", "3 min 5 s",
 * "2 h 4 min"; '' when the start is missing, or the end (still running) unless `now` is given.
 */
export function duration(from, to, now) {
  const start = from ? new Date(from).getTime() : NaN;
  const end = to ? new Date(to).getTime() : now != null ? now : NaN;
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    return '';
  }
  const ms = end - start;
  if (ms < 1000) {
    return `${ms} ms`;
  }
  const s = Math.floor(ms / 1000);
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  }
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
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
