import {
  Content, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Modal, ModalBody, ModalHeader,
} from '@patternfly/react-core';
import { useT } from './I18n.jsx';
import { detailEntries, detailLines } from './esxi.js';
import { haText } from './ha.js';

/**
 * What the driver reports of an instance (its details: an ESXi VM's guest OS, .vmx file, disks and
 * NICs; a container's image; ...), the well-known ones named in the user's language.
 */
export function InstanceDetails({ instance, onClose }) {
  const t = useT();
  const term = (key) => (t(`detail.${key}`) === `detail.${key}` ? key : t(`detail.${key}`));
  const rows = instance ? [
    ['hostType', t('detail.hostType'), [instance.hostType || t('state.UNKNOWN')]],
    ...(instance.ha ? [['ha', t('detail.ha'), [haText(instance, t)]]] : []),
    ...detailEntries(instance.details).map(([key, value]) => [key, term(key), detailLines(key, value)]),
  ] : [];
  return (
    <Modal variant="medium" isOpen={!!instance} onClose={onClose} aria-labelledby="details-title" id="details-dialog">
      <ModalHeader title={instance ? t('details.title', { name: instance.name }) : ''} labelId="details-title" />
      <ModalBody>
        <DescriptionList isHorizontal isCompact id="instance-details">
          {rows.map(([key, label, lines]) => (
            <DescriptionListGroup key={key}>
              <DescriptionListTerm>{label}</DescriptionListTerm>
              <DescriptionListDescription data-detail={key}>
                {lines.map((line, i) => <div key={i}>{line}</div>)}
              </DescriptionListDescription>
            </DescriptionListGroup>
          ))}
        </DescriptionList>
        {instance && detailEntries(instance.details).length === 0 && <Content component="p">{t('details.none')}</Content>}
      </ModalBody>
    </Modal>
  );
}
