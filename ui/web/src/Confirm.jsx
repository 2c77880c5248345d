import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useT } from './I18n.jsx';

/**
 * Asks before a destructive action: `ask` is { title, message, confirm (button text), run } or
 * null (closed); run is called once the user confirms.
 */
export function Confirm({ ask, onClose }) {
  const t = useT();
  return (
    <Modal isOpen={!!ask} onClose={onClose} variant="small" aria-labelledby="confirm-title" id="confirm">
      <ModalHeader title={ask ? ask.title : ''} labelId="confirm-title" titleIconVariant="warning" />
      <ModalBody>{ask ? ask.message : ''}</ModalBody>
      <ModalFooter>
        <Button id="confirm-yes" variant="danger" onClick={() => { const { run } = ask; onClose(); run(); }}>
          {ask ? ask.confirm : ''}
        </Button>
        <Button id="confirm-no" variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
