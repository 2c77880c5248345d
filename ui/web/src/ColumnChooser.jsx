// Which optional columns the instance list shows (host, VDC, owner, created, tags), remembered in the browser.
import { useEffect, useState } from 'react';
import { MenuToggle, Select, SelectList, SelectOption } from '@patternfly/react-core';
import { ColumnsIcon } from '@patternfly/react-icons';
import { useT } from './I18n.jsx';
import { OPTIONAL_COLUMNS, rememberedColumns } from './tags.js';

const KEY = 'ovm.instances.columns';
const LABELS = { host: 'col.host', vdc: 'col.vdc', owner: 'col.owner', created: 'col.created', tags: 'col.tags' };

/** [chosen columns, set them]: from localStorage (per user: several may share a browser), else the defaults for the role. */
export function useColumns(user) {
  const key = `${KEY}.${user ? user.username : ''}`;
  const isAdmin = !!user && user.role === 'admin';
  const [chosen, setChosen] = useState(() => rememberedColumns(localStorage.getItem(key), isAdmin));
  useEffect(() => localStorage.setItem(key, JSON.stringify(chosen)), [chosen, key]);
  return [chosen, setChosen];
}

/** The column menu: #columns-toggle, each option #column-<key> with a checkbox. */
export function ColumnChooser({ chosen, onChange }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <Select role="menu" isOpen={open} onOpenChange={setOpen} selected={chosen}
      onSelect={(_, key) => onChange(chosen.includes(key) ? chosen.filter((c) => c !== key)
        : OPTIONAL_COLUMNS.filter((c) => c === key || chosen.includes(c)))}
      toggle={(ref) => (
        <MenuToggle ref={ref} id="columns-toggle" icon={<ColumnsIcon />} isExpanded={open} onClick={() => setOpen(!open)}>
          {t('columns.choose')}
        </MenuToggle>
      )}>
      <SelectList>
        {OPTIONAL_COLUMNS.map((key) => (
          <SelectOption key={key} value={key} id={`column-${key}`} hasCheckbox isSelected={chosen.includes(key)}>
            {t(LABELS[key])}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}
