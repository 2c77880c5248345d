import { useEffect, useState } from 'react';
import {
  Button, Content, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, List, ListItem, Modal, ModalBody,
  ModalFooter, ModalHeader, TextInput,
} from '@patternfly/react-core';
import { useT } from './I18n.jsx';
import { matches } from './safety.js';

/**
 * Asks before a destructive action: `ask` is { title, message, confirm (button text), run,
 * names? (the objects it acts on, listed), typeName? (the name the user must type to enable the
 * button: admin deletes of inventory) } or null (closed); run is called once the user confirms.
 * Cancel, Escape and the close button do nothing else. Ids: #confirm (the dialog), #confirm-yes,
 * #confirm-no, #confirm-type (the type-to-confirm input), [data-confirm-name] (each object named).
 */
export function Confirm({ ask, onClose }) {
  const t = useT();
  const [typed, setTyped] = useState('');
  useEffect(() => setTyped(''), [ask]);
  const ready = ask && (!ask.typeName || matches(typed, ask.typeName));
  const yes = () => {
    if (ready) {
      const { run } = ask;
      onClose();
      run();
    }
  };
  return (
    <Modal isOpen={!!ask} onClose={onClose} variant="small" aria-labelledby="confirm-title" id="confirm">
      <ModalHeader title={ask ? ask.title : ''} labelId="confirm-title" titleIconVariant="warning" />
      <ModalBody>
        <Content component="p" id="confirm-message">{ask ? ask.message : ''}</Content>
        {ask && ask.names && ask.names.length > 0 && (
          <List id="confirm-names">
            {ask.names.map((name) => <ListItem key={name} data-confirm-name={name}>{name}</ListItem>)}
          </List>
        )}
        {ask && ask.typeName && (
          <Form onSubmit={(e) => { e.preventDefault(); yes(); }}>
            <FormGroup label={t('confirm.typeName', { name: ask.typeName })} fieldId="confirm-type">
              <TextInput id="confirm-type" value={typed} onChange={(_, v) => setTyped(v)} autoComplete="off"
                data-expected={ask.typeName} />
              <FormHelperText><HelperText><HelperTextItem>{t('confirm.typeHint')}</HelperTextItem></HelperText></FormHelperText>
            </FormGroup>
          </Form>
        )}
      </ModalBody>
      <ModalFooter>
        <Button id="confirm-yes" variant="danger" isDisabled={!ready} onClick={yes}>{ask ? ask.confirm : ''}</Button>
        <Button id="confirm-no" variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}

/** The state behind a Confirm: [ask, setAsk, dialog element]. */
export function useConfirm() {
  const [ask, setAsk] = useState(null);
  return [ask, setAsk, <Confirm ask={ask} onClose={() => setAsk(null)} />];
}
