import { useState } from 'react';
import { Dropdown, DropdownItem, DropdownList, MenuToggle } from '@patternfly/react-core';
import { EllipsisVIcon } from '@patternfly/react-icons';
import { useT } from './I18n.jsx';

/**
 * One kebab per row (review D14): items [{id, title, onClick, isDanger, isDisabled, description}];
 * the toggle is #actions-<list>-<row>, each item #<id>-<row>.
 */
export function RowMenu({ list, row, items }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  if (items.length === 0) {
    return null;
  }
  return (
    <Dropdown isOpen={open} onOpenChange={setOpen} popperProps={{ position: 'right' }}
      toggle={(ref) => (
        <MenuToggle ref={ref} variant="plain" id={`actions-${list}-${row}`} aria-label={t('action.menuOf', { name: row })}
          isExpanded={open} onClick={() => setOpen(!open)} icon={<EllipsisVIcon />} />
      )}>
      <DropdownList>
        {items.map((item) => (
          <DropdownItem key={item.id} id={`${item.id}-${row}`} isDanger={item.isDanger} isDisabled={item.isDisabled}
            description={item.description} onClick={() => { setOpen(false); item.onClick(); }}>
            {item.title}
          </DropdownItem>
        ))}
      </DropdownList>
    </Dropdown>
  );
}
