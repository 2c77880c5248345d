import { describe, expect, it } from 'vitest';
import {
  blankEnv, blankPort, closeReason, commandProblem, containerBlock, containerField, envErrors, envObject, imageProblem,
  inputFrame, inputFrames, keepLast, lineAssembler, logQuery, outputOf, portErrors, portList, referencesOn, resizeFrame,
  restartPolicy, sentRows, sinceProblem, socketUrl, splitCommand,
} from './containers.js';
import { MESSAGES } from './i18n.js';

describe('a one-line command becomes an argument list', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['sleep 3600', ['sleep', '3600']],
    ['  nginx   -g  daemon\toff ', ['nginx', '-g', 'daemon', 'off']],
    ['sh -c "echo container-says-hi; sleep 3600"', ['sh', '-c', 'echo container-says-hi; sleep 3600']],
    ["sh -c 'echo a  b'", ['sh', '-c', 'echo a  b']],
    ['sh -c echo hi; sleep 1', ['sh', '-c', 'echo hi; sleep 1']],
    ['/bin/sh -c "exec top"', ['/bin/sh', '-c', 'exec top']],
    ['sh -c "say "hi""', ['sh', '-c', '"say "hi""']],
    ['sh -c', ['sh', '-c', '']],
    ['shx -c ls', ['shx', '-c', 'ls']],
    ['sh -cx ls', ['sh', '-cx', 'ls']],
  ])('%j', (line, args) => {
    expect(splitCommand(line)).toEqual(args);
  });

  it('refuses a shell without a script', () => {
    expect(commandProblem('sh -c')).toBe('container.commandNoScript');
    expect(commandProblem('sh -c ""')).toBe('container.commandNoScript');
    expect(commandProblem('sh -c true')).toBe(null);
    expect(commandProblem('')).toBe(null);
  });
});

describe('image references mirror the engine', () => {
  it.each([
    ['ovm/busybox:latest', null],
    ['busybox', null],
    ['10.77.0.1:5000/ovm/busybox:1.35', null],
    [`busybox@sha256:${'a'.repeat(64)}`, null],
    ['', 'form.required'],
    ['Ovm/BusyBox', 'container.badImage'],
    ['busy box', 'container.badImage'],
    ['busybox:', 'container.badImage'],
  ])('%j', (reference, expected) => {
    expect(imageProblem(reference)).toBe(expected);
  });
});

describe('environment variables', () => {
  it('need a name of letters, digits and _, not starting with a digit, each once', () => {
    expect(envErrors([{ key: 'PATH', value: '/bin' }, { key: '_x1', value: '' }])).toEqual({});
    expect(envErrors([{ key: '1A', value: 'x' }, { key: 'A-B', value: 'x' }, { key: 'A B', value: 'x' },
      { key: 'A=B', value: 'x' }, { key: 'É', value: 'x' }])).toEqual({
      0: 'container.envBadName', 1: 'container.envBadName', 2: 'container.envBadName', 3: 'container.envBadName',
      4: 'container.envBadName' });
    expect(envErrors([{ key: 'A', value: '1' }, { key: ' A ', value: '2' }])).toEqual({ 1: 'container.envDuplicate' });
    expect(envErrors([{ key: '', value: 'orphan' }])).toEqual({ 0: 'form.required' });
    expect(envErrors([{ key: '', value: '' }, { key: ' ' }, {}])).toEqual({});
    expect(envErrors([{ key: 'A'.repeat(256) }, { key: 'B'.repeat(257) }])).toEqual({ 1: 'container.envBadName' });
  });

  it('are sent as an object, values kept as typed', () => {
    expect(envObject([])).toBe(undefined);
    expect(envObject([{ key: '', value: '' }])).toBe(undefined);
    expect(envObject([{ key: ' GREETING ', value: ' hi there ' }, { key: '', value: '' }, { key: 'EMPTY' }]))
      .toEqual({ GREETING: ' hi there ', EMPTY: '' });
  });
});

describe('published ports', () => {
  it('are whole numbers from 1 to 65535, a host port once per protocol', () => {
    expect(portErrors([{ containerPort: '8080', hostPort: '18181', protocol: 'tcp' },
      { containerPort: '53', hostPort: '18181', protocol: 'udp' }, { containerPort: '80', hostPort: '' }])).toEqual({});
    expect(portErrors([{ containerPort: '', hostPort: '8080' }, { containerPort: '0' }, { containerPort: '65536' }, { containerPort: '80.5' },
      { containerPort: 'http' }, { containerPort: '65535', hostPort: '1' }])).toEqual({
      0: { containerPort: 'form.required' }, 1: { containerPort: 'container.portRange' },
      2: { containerPort: 'container.portRange' }, 3: { containerPort: 'container.portRange' },
      4: { containerPort: 'container.portRange' } });
    expect(portErrors([{ containerPort: '80', hostPort: '70000' }])).toEqual({ 0: { hostPort: 'container.portRange' } });
    expect(portErrors([{ containerPort: '', hostPort: '', protocol: 'udp' }, { hostPort: '80' }]))
      .toEqual({ 1: { containerPort: 'form.required' } });
    expect(portErrors([{ containerPort: '80', hostPort: '8080' }, { containerPort: '81', hostPort: '8080', protocol: 'tcp' }]))
      .toEqual({ 1: { hostPort: 'container.portTwice' } });
  });

  it('are sent as numbers; an empty host port is left to the engine', () => {
    expect(portList([])).toBe(undefined);
    expect(portList([{ containerPort: '', hostPort: '' }])).toBe(undefined);
    expect(portList([{ containerPort: '8080', hostPort: '18181', protocol: 'tcp' }, { containerPort: '' },
      { containerPort: '53', hostPort: ' ', protocol: 'udp' }]))
      .toEqual([{ containerPort: 8080, hostPort: 18181, protocol: 'tcp' }, { containerPort: 53, protocol: 'udp' }]);
  });

  it('blank rows are left out, so the request\'s ports[i] maps back to its row', () => {
    const rows = [{ containerPort: '' }, { containerPort: '80' }, { containerPort: '', hostPort: '' }, { containerPort: '81' }];
    expect(sentRows(rows, blankPort)).toEqual([1, 3]);
    expect(sentRows([{ key: 'A' }, { key: '', value: '' }, { key: '', value: 'x' }], blankEnv)).toEqual([0, 2]);
  });
});

describe('the container block', () => {
  it('holds what was filled in', () => {
    expect(containerBlock({ image: ' ovm/busybox:latest ', command: 'sh -c "echo hi; sleep 3600"', env: [{ key: 'A', value: '1' }],
      ports: [{ containerPort: '80' }], restartPolicy: 'on-failure', restartRetries: '3' })).toEqual({
      image: 'ovm/busybox:latest', command: ['sh', '-c', 'echo hi; sleep 3600'], env: { A: '1' },
      ports: [{ containerPort: 80, protocol: 'tcp' }], restartPolicy: 'on-failure:3' });
    expect(containerBlock({ image: 'busybox' })).toEqual({ image: 'busybox', restartPolicy: 'no' });
  });

  it.each([
    ['always', '5', 'always'], ['on-failure', '', 'on-failure'], ['on-failure', '2', 'on-failure:2'], ['', undefined, 'no'],
  ])('restart policy %s with %s retries', (choice, retries, expected) => {
    expect(restartPolicy(choice, retries)).toBe(expected);
  });

  it('finds the field an engine problem names', () => {
    expect(containerField('container.ports[0].hostPort')).toEqual({ list: 'ports', index: 0, part: 'hostPort' });
    expect(containerField('container.ports[12]')).toEqual({ list: 'ports', index: 12, part: undefined });
    expect(containerField('container.ports')).toEqual({ list: 'ports', index: undefined, part: undefined });
    expect(containerField('container.env')).toEqual({ list: 'env', key: undefined });
    expect(containerField('container.env.MY_VAR')).toEqual({ list: 'env', key: 'MY_VAR' });
    expect(containerField('container.image')).toEqual({ part: 'image' });
    expect(containerField('container')).toEqual({ part: 'container' });
    expect(containerField('memoryMiB')).toBe(null);
    expect(containerField(null)).toBe(null);
  });

  it('offers the references of images on the chosen host', () => {
    const images = [
      { references: ['ovm/busybox:latest', 'ovm/busybox:1.35'], hostIds: ['h1', 'h2'] },
      { references: ['nginx:1'], hostIds: ['h2'] },
      { references: ['nginx:1', 'alpine:3'], hostIds: ['h3'] },
      { references: [], hostIds: ['h1'] },
      { references: ['orphan:1'], hostIds: [] },
    ];
    expect(referencesOn(images, ['h1'])).toEqual(['ovm/busybox:1.35', 'ovm/busybox:latest']);
    expect(referencesOn(images, ['h2', 'h3'])).toEqual(['alpine:3', 'nginx:1', 'ovm/busybox:1.35', 'ovm/busybox:latest']);
    expect(referencesOn(images, null)).toEqual(['alpine:3', 'nginx:1', 'ovm/busybox:1.35', 'ovm/busybox:latest']);
    expect(referencesOn(images, [])).toEqual([]);
  });
});

describe('the terminal websocket protocol', () => {
  it('opens the ticket path on the page origin', () => {
    expect(socketUrl({ protocol: 'http:', host: 'ovm:8181' }, '/console/terminal?ticket=abc'))
      .toBe('ws://ovm:8181/console/terminal?ticket=abc');
    expect(socketUrl({ protocol: 'https:', host: 'ovm.example' }, '/console/terminal?ticket=abc'))
      .toBe('wss://ovm.example/console/terminal?ticket=abc');
  });

  it('sends keystrokes and sizes as JSON text frames', () => {
    expect(JSON.parse(inputFrame('ls -l\r'))).toEqual({ type: 'input', data: 'ls -l\r' });
    expect(inputFrame('\u001b[A"\\')).toBe('{"type":"input","data":"\\u001b[A\\"\\\\"}');
    expect(JSON.parse(inputFrame('中文'))).toEqual({ type: 'input', data: '中文' });
    expect(resizeFrame(120, 32)).toBe('{"type":"resize","cols":120,"rows":32}');
  });

  it('cuts a long paste into frames under the engine\'s message limit, characters whole', () => {
    expect(inputFrames('')).toEqual([]);
    expect(inputFrames('ls\r')).toEqual(['{"type":"input","data":"ls\\r"}']);
    const paste = 'a'.repeat(20000);
    const frames = inputFrames(paste);
    expect(frames).toHaveLength(3);
    expect(frames.map((f) => JSON.parse(f).data).join('')).toBe(paste);
    const emoji = 'x😀😀';
    expect(inputFrames(emoji, 2).map((f) => JSON.parse(f).data)).toEqual(['x', '😀', '😀']);
    const controls = '\u0001'.repeat(8192);
    expect(inputFrames(controls).every((f) => new TextEncoder().encode(f).length < 64 * 1024)).toBe(true);
  });

  it('hands received bytes to the terminal unchanged, split characters included', () => {
    const bytes = new TextEncoder().encode('hé');
    const first = outputOf(bytes.buffer.slice(0, 2));
    expect(first).toBeInstanceOf(Uint8Array);
    expect([...first]).toEqual([0x68, 0xc3]);
    expect([...outputOf(bytes.buffer.slice(2))]).toEqual([0xa9]);
    expect(outputOf('text')).toBe('text');
  });

  it('says why it closed', () => {
    expect(closeReason(1000, 'the shell exited (status 0)')).toEqual({ text: 'the shell exited (status 0)' });
    expect(closeReason(1006, '')).toEqual({ key: 'terminal.close.1006', code: 1006 });
    expect(closeReason(4321, '')).toEqual({ key: 'terminal.close.other', code: 4321 });
    for (const code of [1000, 1001, 1006, 1008, 1011, 'other']) {
      expect(MESSAGES.en[`terminal.close.${code}`], String(code)).toBeTruthy();
    }
  });
});

describe('following logs', () => {
  it('assembles lines across chunks', () => {
    const lines = lineAssembler();
    expect(lines.push('container-')).toEqual([]);
    expect(lines.push('says-hi\nsecond')).toEqual(['container-says-hi']);
    expect(lines.push(' line\r\n\nthird\r')).toEqual(['second line', '']);
    expect(lines.push('\n')).toEqual(['third']);
    expect(lines.push('tail without newline')).toEqual([]);
    expect(lines.end()).toEqual(['tail without newline']);
    expect(lines.end()).toEqual([]);
  });

  it('keeps the newest lines', () => {
    const old = ['a', 'b'];
    expect(keepLast(old, [], 3)).toBe(old);
    expect(keepLast(old, ['c'], 3)).toEqual(['a', 'b', 'c']);
    expect(keepLast(old, ['c', 'd', 'e'], 3)).toEqual(['c', 'd', 'e']);
  });

  it('asks for a tail, a since and following', () => {
    expect(logQuery({ tail: 100, since: '', follow: false })).toBe('tail=100');
    expect(logQuery({ tail: 'all', since: ' 10m ', follow: true })).toBe('since=10m&follow=true');
    expect(logQuery({ tail: '500', since: '2026-12-06T10:00:00Z' })).toBe('tail=500&since=2026-12-06T10%3A00%3A00Z');
  });

  it.each([
    ['', null], ['10m', null], ['30s', null], ['2h', null], ['1d', null], ['1733479200', null],
    ['2026-12-06T10:00:00Z', null], ['10 minutes', 'logs.badSince'], ['10w', 'logs.badSince'], ['yesterday', 'logs.badSince'],
    ['2026-13-45T99:00:00Z', 'logs.badSince'],
  ])('since %j', (since, expected) => {
    expect(sinceProblem(since)).toBe(expected);
  });
});
