// An instance's backup schedule (GET|PUT|DELETE /instances/{id}/backup-schedule): what it is now
// and its next run, the form (pool, daily or weekly, time in UTC, day, how many to keep), "Run
// now" (the scheduled instance.backup task, followed with a bar) and removing it (asked first).
import { useCallback, useEffect, useState } from 'react';
import {
  ActionGroup, Button, Card, CardBody, CardTitle, Content, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption,
  Grid, GridItem, HelperText, HelperTextItem, TextInput,
} from '@patternfly/react-core';
import { ApiError, call } from '../api.js';
import { useT } from '../I18n.jsx';
import { useConfirm } from '../Confirm.jsx';
import { backupPools, DAYS, SCHEDULE_KINDS, scheduleBody, scheduleProblems, scheduleSummary, scheduleValues } from './logic.js';

/** A field's helper line: its problem (after a first save) or its hint. */
function Helper({ problem, hint, id }) {
  const t = useT();
  if (!problem && !hint) {
    return null;
  }
  return (
    <FormHelperText>
      <HelperText>
        <HelperTextItem variant={problem ? 'error' : 'default'} id={problem ? `${id}-error` : undefined}>{t(problem || hint)}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}

/** The schedule in words, with its next and last run when the engine gives them (#schedule-summary). */
export function ScheduleSummary({ schedule }) {
  const t = useT();
  const words = scheduleSummary(schedule);
  if (!words) {
    return <Content component="p" id="schedule-summary" data-kind="">{t('backup.scheduleNone')}</Content>;
  }
  return (
    <Content id="schedule-summary" data-kind={schedule.kind} data-at={schedule.at}>
      <Content component="p">{t(words.key, { ...words, day: words.day ? t(words.day) : '' })}</Content>
      {(schedule.nextRunAt || schedule.lastRunAt) && (
        <Content component="small">
          {schedule.nextRunAt && <span id="schedule-next" data-next={schedule.nextRunAt}>{t('backup.nextRun', { when: t.date(schedule.nextRunAt) })}</span>}
          {schedule.nextRunAt && schedule.lastRunAt && ' · '}
          {schedule.lastRunAt && <span id="schedule-last">{t('backup.lastRun', { when: t.date(schedule.lastRunAt) })}</span>}
        </Content>
      )}
    </Content>
  );
}

/**
 * #backup-schedule: #schedule-pool, #schedule-kind, #schedule-at, #schedule-day (weekly),
 * #schedule-keep, #schedule-save, #schedule-run, #schedule-remove. `onTask(task)` follows the run's
 * task; `onNotice` / `onProblem` report.
 */
export function ScheduleForm({ instance, onTask, onNotice, onProblem }) {
  const t = useT();
  const path = `/instances/${instance.id}/backup-schedule`;
  const [schedule, setSchedule] = useState(undefined);
  const [values, setValues] = useState(scheduleValues(null));
  const [pools, setPools] = useState([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [, setAsk, confirmDialog] = useConfirm();
  const load = useCallback(async () => {
    try {
      const found = await call('GET', path);
      setSchedule(found || null);
      setValues(scheduleValues(found || null));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setSchedule(null);
      } else {
        onProblem(e);
      }
    }
  }, [path, onProblem]);
  useEffect(() => {
    load();
    call('GET', '/storage-pools?limit=1000').then((page) => setPools(page.items.filter(backupPools(instance)))).catch(() => setPools([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load]);
  const problems = scheduleProblems(values);
  const shown = tried ? problems : {};
  const set = (name) => (_, v) => setValues((old) => ({ ...old, [name]: v }));
  const act = async (request, done) => {
    setBusy(true);
    try {
      const reply = await request();
      onProblem(null);
      done(reply);
    } catch (e) {
      onProblem(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    setTried(true);
    if (Object.keys(problems).length === 0) {
      act(() => call('PUT', path, scheduleBody(values)), () => { setTried(false); onNotice({ key: 'backup.scheduleSaved' }); load(); });
    }
  };
  const run = () => act(() => call('POST', `${path}/run`), (task) => { if (task && task.operation) onTask(task); load(); });
  const remove = () => setAsk({ title: t('backup.scheduleRemoveTitle', { name: instance.name }), message: t('backup.scheduleRemoveMessage'),
    confirm: t('backup.scheduleRemove'),
    run: () => act(() => call('DELETE', path), () => { onNotice({ key: 'backup.scheduleRemoved' }); setValues(scheduleValues(null)); load(); }) });
  const field = (name) => ({ validated: shown[name] ? 'error' : 'default', isDisabled: busy });
  return (
    <Card id="backup-schedule" isCompact data-scheduled={!!schedule}>
      <CardTitle>{t('backup.schedule')}</CardTitle>
      <CardBody>
        {confirmDialog}
        {schedule !== undefined && <ScheduleSummary schedule={schedule} />}
        <Form onSubmit={(e) => { e.preventDefault(); save(); }} id="schedule-form">
          <Grid hasGutter md={6} xl={3}>
            <GridItem>
              <FormGroup label={t('backup.pool')} fieldId="schedule-pool" isRequired>
                <FormSelect id="schedule-pool" value={values.poolId} onChange={set('poolId')} {...field('poolId')}>
                  <FormSelectOption value="" label={t('form.choose')} />
                  {pools.map((p) => <FormSelectOption key={p.id} value={p.id} label={`${p.name} (${p.type})`} />)}
                  {/* the schedule's pool even when it no longer qualifies (a failed pool): the form shows what is set */}
                  {values.poolId && !pools.some((p) => p.id === values.poolId) && (
                    <FormSelectOption value={values.poolId} label={(schedule && schedule.poolName) || values.poolId} />
                  )}
                </FormSelect>
                <Helper id="schedule-pool" problem={shown.poolId} />
              </FormGroup>
            </GridItem>
            <GridItem>
              <FormGroup label={t('backup.kind')} fieldId="schedule-kind" isRequired>
                <FormSelect id="schedule-kind" value={values.kind} onChange={set('kind')} {...field('kind')}>
                  {SCHEDULE_KINDS.map((k) => <FormSelectOption key={k} value={k} label={t(`backup.kind.${k}`)} />)}
                </FormSelect>
              </FormGroup>
            </GridItem>
            {values.kind === 'weekly' && (
              <GridItem>
                <FormGroup label={t('backup.day')} fieldId="schedule-day" isRequired>
                  <FormSelect id="schedule-day" value={values.dayOfWeek} onChange={set('dayOfWeek')} {...field('dayOfWeek')}>
                    {DAYS.map((d) => <FormSelectOption key={d} value={d} label={t(`day.${d}`)} />)}
                  </FormSelect>
                  <Helper id="schedule-day" problem={shown.dayOfWeek} />
                </FormGroup>
              </GridItem>
            )}
            <GridItem>
              <FormGroup label={t('backup.at')} fieldId="schedule-at" isRequired>
                <TextInput id="schedule-at" value={values.at} onChange={set('at')} placeholder="02:00" {...field('at')} />
                <Helper id="schedule-at" problem={shown.at} hint="backup.atHint" />
              </FormGroup>
            </GridItem>
            <GridItem>
              <FormGroup label={t('backup.keep')} fieldId="schedule-keep" isRequired>
                <TextInput id="schedule-keep" type="number" min={1} max={100} value={values.keep} onChange={set('keep')} {...field('keep')} />
                <Helper id="schedule-keep" problem={shown.keep} hint="backup.keepHint" />
              </FormGroup>
            </GridItem>
          </Grid>
          <ActionGroup>
            <Button id="schedule-save" type="submit" isDisabled={busy}>{t('backup.scheduleSave')}</Button>
            <Button id="schedule-run" variant="secondary" isDisabled={busy || !schedule} onClick={run}>{t('backup.scheduleRun')}</Button>
            <Button id="schedule-remove" variant="link" isDanger isDisabled={busy || !schedule} onClick={remove}>{t('backup.scheduleRemove')}</Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
