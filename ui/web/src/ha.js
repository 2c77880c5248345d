// An instance's high availability (issue 17) in words.

/** An instance's HA flag in words: its priority, or why it would not restart elsewhere ('' when it is not HA). */
export function haText(i, t) {
  if (!i.ha) {
    return '';
  }
  return i.haBlocker ? t('ha.blocked', { reason: i.haBlocker }) : t('ha.on', { priority: i.haPriority || 0 });
}
