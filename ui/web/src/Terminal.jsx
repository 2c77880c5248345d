import { useEffect, useRef, useState } from 'react';
import { Button, Label, Modal, ModalBody, ModalHeader, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import '@xterm/xterm/css/xterm.css';
import { call } from './api.js';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { closeReason, inputFrames, outputOf, resizeFrame, socketUrl } from './containers.js';

const STATUS_COLORS = { connecting: 'blue', connected: 'green', closed: 'grey', failed: 'red' };

/** The terminal in a dialog (the instances list); the detail page shows it in its serial console tab. */
export function Terminal({ instance, onClose, serial = false, title = null }) {
  const t = useT();
  return (
    <Modal variant="large" isOpen={!!instance} onClose={onClose} aria-labelledby="terminal-title" id="terminal-dialog">
      <ModalHeader title={instance ? title || t('terminal.title', { name: instance.name }) : ''} labelId="terminal-title" />
      <ModalBody>{instance && <TerminalView instance={instance} height="60vh" serial={serial} />}</ModalBody>
    </Modal>
  );
}

/**
 * A shell (/bin/sh) in a running container, or a VM's serial console: xterm.js over the engine's
 * terminal websocket. Like the VNC console, the portal asks for a one-time ticket and opens its path; keystrokes and the
 * terminal's size go as JSON text frames, the shell's output comes back as binary frames.
 * With `serial`, it is a virtual machine's serial console (its ticket comes from
 * /instances/{id}/serial/tickets; the websocket and frames are the same).
 */
export function TerminalView({ instance, height, serial = false }) {
  const t = useT();
  const screen = useRef(null);
  const [status, setStatus] = useState('connecting');
  const [reason, setReason] = useState(null);
  const [failure, setFailure] = useState(null);
  const [attempt, setAttempt] = useState(0);
  const instanceId = instance ? instance.id : null; // a fresher copy of the same instance keeps the connection
  useEffect(() => {
    if (!instanceId) {
      return undefined;
    }
    let cancelled = false;
    let socket = null;
    let term = null;
    let observer = null;
    setStatus('connecting');
    setReason(null);
    setFailure(null);
    (async () => {
      try {
        const ticket = await call('POST', `/instances/${instanceId}/${serial ? 'serial' : 'terminal'}/tickets`);
        const [{ Terminal: XTerm }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
        for (let i = 0; i < 20 && !screen.current && !cancelled; i++) {
          await new Promise((r) => requestAnimationFrame(r)); // the modal's body is attached a frame later
        }
        if (cancelled) {
          return;
        }
        term = new XTerm({ cursorBlink: true, convertEol: false, scrollback: 5000,
          fontFamily: '"Red Hat Mono", "DejaVu Sans Mono", "Liberation Mono", monospace', fontSize: 14 });
        const fit = new FitAddon();
        term.loadAddon(fit);
        term.open(screen.current);
        fit.fit();
        socket = new WebSocket(socketUrl(location, ticket.path));
        socket.binaryType = 'arraybuffer';
        const send = (frame) => socket.readyState === WebSocket.OPEN && socket.send(frame);
        socket.onopen = () => {
          setStatus('connected');
          fit.fit();
          send(resizeFrame(term.cols, term.rows));
          term.focus();
        };
        socket.onmessage = (e) => term.write(outputOf(e.data));
        socket.onclose = (e) => {
          if (!cancelled) { // 1000: the shell exited; anything else (refused ticket, dropped, no shell) failed
            setStatus(e.code === 1000 ? 'closed' : 'failed');
            setReason(closeReason(e.code, e.reason));
          }
        };
        term.onData((data) => inputFrames(data).forEach(send));
        term.onBinary((data) => inputFrames(data).forEach(send));
        term.onResize(({ cols, rows }) => send(resizeFrame(cols, rows)));
        observer = new ResizeObserver(() => {
          try {
            fit.fit();
          } catch {
            // the dialog is closing: nothing to fit
          }
        });
        observer.observe(screen.current);
      } catch (e) {
        if (!cancelled) {
          setFailure(e);
          setStatus('failed');
        }
      }
    })();
    return () => {
      cancelled = true;
      if (observer) {
        observer.disconnect();
      }
      if (socket) {
        socket.close(1000, 'closed by the user');
      }
      if (term) {
        term.dispose();
      }
    };
  }, [instanceId, attempt, serial]);
  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Label id="terminal-status" data-status={status} color={STATUS_COLORS[status]}>{t(`terminal.${status}`)}</Label>
          </ToolbarItem>
          {reason && (
            <ToolbarItem>
              <span id="terminal-reason">{reason.text || t(reason.key, { code: reason.code })}</span>
            </ToolbarItem>
          )}
          <ToolbarItem>
            <Button variant="secondary" id="terminal-reconnect" isDisabled={status === 'connecting' || status === 'connected'}
              onClick={() => setAttempt((n) => n + 1)}>{t('console.reconnect')}</Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Problem error={failure} />
      <div key={attempt} ref={screen} data-testid="terminal" id="terminal-screen"
        style={{ width: '100%', height, background: '#000', padding: 4 }} />
    </>
  );
}
