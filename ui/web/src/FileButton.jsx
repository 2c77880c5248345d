// Choosing a file with a PatternFly button in the portal's language (review D23), not the browser's
// native "Choose File / No file chosen". The input stays in the page (hidden) under its id, so
// that tests can give it a file.
import { useRef, useState } from 'react';
import { Button, Content, Flex, FlexItem, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { UploadIcon } from '@patternfly/react-icons';
import { upload } from './api.js';
import { useT } from './I18n.jsx';

/** A button that opens the file chooser; the chosen file's name, or "no file chosen", beside it. */
export function FilePicker({ id, accept, label, file, onFile }) {
  const t = useT();
  const input = useRef(null);
  return (
    <Flex alignItems={{ default: 'alignItemsCenter' }}>
      <FlexItem>
        <Button variant="secondary" icon={<UploadIcon />} id={`${id}-button`} onClick={() => input.current.click()}>
          {label}
        </Button>
        <input ref={input} type="file" id={id} accept={accept} aria-label={label} hidden
          onChange={(e) => { onFile(e.target.files[0] || null); e.target.value = ''; }} />
      </FlexItem>
      <FlexItem><Content component="small" id={`${id}-name`}>{file ? file.name : t('upload.noFile')}</Content></FlexItem>
    </Flex>
  );
}

/** Uploads a file as soon as it is chosen (a plugin's KAR): the spec's upload {path, accept, label}. */
export function FileButton({ spec, onDone, onError }) {
  const t = useT();
  const [sending, setSending] = useState(null);
  const send = async (file) => {
    if (!file) {
      return;
    }
    setSending(file);
    try {
      const added = await upload(spec.upload.path, file);
      onDone(file.name, added ? added.total : 0);
    } catch (e) {
      onError(e);
    } finally {
      setSending(null);
    }
  };
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <FilePicker id={`upload-${spec.id}`} accept={spec.upload.accept} label={t(spec.upload.label)} file={sending}
            onFile={send} />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
