import { useEffect, useRef, useState } from 'react';
import { Button, Label, Modal, ModalBody, ModalHeader, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { call } from './api.js';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { socketUrl } from './containers.js';

const STATUS_COLORS = { connecting: 'blue', connected: 'green', disconnected: 'grey', failed: 'red' };

/** The VNC console in a dialog (the instances list); the detail page opens it full-page in its own tab. */
export function Console({ instance, onClose }) {
  const t = useT();
  return (
    <Modal variant="large" isOpen={!!instance} onClose={onClose} aria-labelledby="console-title" id="console">
      <ModalHeader title={instance ? t('console.title', { name: instance.name }) : ''} labelId="console-title" />
      <ModalBody>{instance && <VncConsole instance={instance} height="60vh" />}</ModalBody>
    </Modal>
  );
}

/**
 * A running VM's screen in the browser: noVNC over the engine's console proxy. The portal asks
 * for a one-time ticket (the token cannot travel on a websocket) and opens /console/ws with it.
 */
export function VncConsole({ instance, height }) {
  const t = useT();
  const screen = useRef(null);
  const rfb = useRef(null);
  const [status, setStatus] = useState('connecting');
  const [desktop, setDesktop] = useState('');
  const [failure, setFailure] = useState(null);
  const [attempt, setAttempt] = useState(0);
  const instanceId = instance ? instance.id : null; // a fresher copy of the same instance keeps the connection
  useEffect(() => {
    if (!instanceId) {
      return undefined;
    }
    let cancelled = false;
    setStatus('connecting');
    setFailure(null);
    (async () => {
      try {
        const ticket = await call('POST', `/instances/${instanceId}/console/tickets`);
        const { default: RFB } = await import('@novnc/novnc');
        if (cancelled) {
          return;
        }
        const client = new RFB(screen.current, socketUrl(location, ticket.path));
        client.scaleViewport = true;
        client.background = '#000';
        client.addEventListener('connect', () => setStatus('connected'));
        client.addEventListener('disconnect', (e) => setStatus(e.detail.clean ? 'disconnected' : 'failed'));
        client.addEventListener('desktopname', (e) => setDesktop(e.detail.name));
        rfb.current = client;
      } catch (e) {
        if (!cancelled) {
          setFailure(e);
          setStatus('failed');
        }
      }
    })();
    return () => {
      cancelled = true;
      if (rfb.current) {
        rfb.current.disconnect();
        rfb.current = null;
      }
    };
  }, [instanceId, attempt]);
  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Label id="console-status" data-status={status} color={STATUS_COLORS[status]}>
              {t(`console.${status}`)}
            </Label>
          </ToolbarItem>
          <ToolbarItem><span id="console-desktop">{desktop}</span></ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" id="console-cad" isDisabled={status !== 'connected'}
              onClick={() => rfb.current && rfb.current.sendCtrlAltDel()}>{t('console.ctrlAltDel')}</Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" id="console-fullscreen" isDisabled={status !== 'connected'}
              onClick={() => screen.current && screen.current.requestFullscreen()}>{t('console.fullscreen')}</Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" id="console-reconnect" isDisabled={status === 'connecting' || status === 'connected'}
              onClick={() => setAttempt((n) => n + 1)}>{t('console.reconnect')}</Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Problem error={failure} />
      <div ref={screen} id="console-screen" style={{ width: '100%', height, background: '#000' }} />
    </>
  );
}
