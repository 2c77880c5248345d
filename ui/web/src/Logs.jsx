import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  Button, FormSelect, FormSelectOption, HelperText, HelperTextItem, Label, Modal, ModalBody, ModalHeader, Switch, TextInput, Toolbar, ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { openStream } from './api.js';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { keepLast, lineAssembler, logQuery, sinceProblem } from './containers.js';

const TAILS = ['100', '500', 'all'];
/** Lines kept on screen (and in a download); older ones scroll away. */
const MAX_LINES = 20000;

/**
 * A container's output: the last lines (or all), optionally since an age or instant, and, when
 * following, new lines as they come (a streamed GET, aborted when the dialog closes or the
 * options change). The view stays at the bottom unless the user scrolled up.
 */
export function Logs({ instance, onClose }) {
  const t = useT();
  const [tail, setTail] = useState('100');
  const [since, setSince] = useState('');
  const [sinceApplied, setSinceApplied] = useState(''); // the since asked for, 400 ms after the last keystroke
  const [follow, setFollow] = useState(true);
  const [lines, setLines] = useState([]);
  const [state, setState] = useState('loading');
  const [failure, setFailure] = useState(null);
  const [attempt, setAttempt] = useState(0);
  const view = useRef(null);
  const atBottom = useRef(true);
  const badSince = sinceProblem(since);
  useEffect(() => {
    const timer = setTimeout(() => setSinceApplied(since), 400);
    return () => clearTimeout(timer);
  }, [since]);
  const query = sinceProblem(sinceApplied) ? null : logQuery({ tail, since: sinceApplied, follow });
  useEffect(() => {
    if (!instance || query === null) {
      return undefined;
    }
    const abort = new AbortController();
    setLines([]);
    setFailure(null);
    setState('loading');
    atBottom.current = true;
    (async () => {
      try {
        const response = await openStream(`/instances/${instance.id}/logs?${query}`, abort.signal);
        setState(follow ? 'following' : 'loading');
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        const assembler = lineAssembler();
        for (;;) {
          const { value, done } = await reader.read();
          if (abort.signal.aborted) {
            return; // a newer read (or none) owns the view
          }
          if (done) {
            break;
          }
          const more = assembler.push(decoder.decode(value, { stream: true }));
          setLines((old) => keepLast(old, more, MAX_LINES));
        }
        const last = assembler.push(decoder.decode()).concat(assembler.end());
        setLines((old) => keepLast(old, last, MAX_LINES));
        setState(follow ? 'ended' : 'loaded');
      } catch (e) {
        if (!abort.signal.aborted) {
          setFailure(e);
          setState('failed');
        }
      }
    })();
    return () => abort.abort();
  }, [instance, query, follow, attempt]);
  useLayoutEffect(() => {
    if (view.current && atBottom.current) {
      view.current.scrollTop = view.current.scrollHeight;
    }
  }, [lines]);
  const download = () => {
    const url = URL.createObjectURL(new Blob([lines.join('\n') + (lines.length ? '\n' : '')], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${instance.name}.log`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Modal variant="large" isOpen={!!instance} onClose={onClose} aria-labelledby="logs-title" id="logs-dialog">
      <ModalHeader title={instance ? t('logs.title', { name: instance.name }) : ''} labelId="logs-title" />
      <ModalBody>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect id="logs-tail" aria-label={t('logs.tail')} value={tail} onChange={(_, v) => setTail(v)}>
                {TAILS.map((n) => <FormSelectOption key={n} value={n} label={t(n === 'all' ? 'logs.tailAll' : 'logs.tailN', { count: n })} />)}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <TextInput id="logs-since" aria-label={t('logs.since')} placeholder={t('logs.sincePlaceholder')} value={since}
                validated={badSince ? 'error' : 'default'} onChange={(_, v) => setSince(v)} style={{ minWidth: '16em' }} />
            </ToolbarItem>
            <ToolbarItem alignItems="center">
              <Switch id="logs-follow" label={t('logs.follow')} isChecked={follow} onChange={(_, v) => setFollow(v)} />
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" id="logs-reload" onClick={() => setAttempt((n) => n + 1)}>{t('instances.refresh')}</Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" id="logs-download" isDisabled={lines.length === 0} onClick={download}>{t('logs.download')}</Button>
            </ToolbarItem>
            <ToolbarItem alignItems="center">
              <Label id="logs-state" data-state={state} isCompact color={state === 'failed' ? 'red' : state === 'following' ? 'green' : 'grey'}>
                {t(`logs.${state}`, { count: lines.length })}
              </Label>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {badSince && <HelperText id="logs-since-problem"><HelperTextItem variant="error">{t(badSince)}</HelperTextItem></HelperText>}
        <Problem error={failure} />
        <pre ref={view} data-testid="logs" id="logs"
          onScroll={(e) => { const el = e.currentTarget; atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24; }}
          style={{ height: '55vh', overflow: 'auto', margin: 0, padding: 8, background: '#151515', color: '#f0f0f0',
            fontFamily: 'var(--pf-t--global--font--family--mono)', fontSize: 13, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {lines.join('\n')}
        </pre>
      </ModalBody>
    </Modal>
  );
}
