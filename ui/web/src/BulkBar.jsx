// Actions on the selected instances (review §6): each asks once for all, naming how many and which.
import { Button, Content, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { useT } from './I18n.jsx';
import { BULK_ACTIONS, applicable } from './instanceActions.js';

/** The bulk buttons (#bulk-<action>), enabled when some selected instance's state allows the action. */
export function BulkBar({ selected, onRun, onClear }) {
  const t = useT();
  if (selected.length === 0) {
    return null;
  }
  return (
    <ToolbarGroup id="bulk-actions" data-selected={selected.length}>
      <ToolbarItem><Content component="p" id="bulk-count">{t('bulk.selected', { count: selected.length })}</Content></ToolbarItem>
      {BULK_ACTIONS.map((action) => {
        const targets = applicable(action, selected);
        return (
          <ToolbarItem key={action}>
            <Button id={`bulk-${action}`} variant={action === 'delete' || action === 'poweroff' ? 'danger' : 'secondary'}
              isDisabled={targets.length === 0} onClick={() => onRun(action, targets)}>
              {t(`action.${action}`)}{targets.length !== selected.length ? ` (${targets.length})` : ''}
            </Button>
          </ToolbarItem>
        );
      })}
      <ToolbarItem><Button variant="link" id="bulk-clear" onClick={onClear}>{t('bulk.clear')}</Button></ToolbarItem>
    </ToolbarGroup>
  );
}
