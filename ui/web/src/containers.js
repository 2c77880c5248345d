// The pure parts of the container screens (create wizard, terminal, logs, image center): no
// React and no requests, so src/containers.test.js checks them. Checks mirror the engine's
// (ContainerChecks, Since); the engine checks again and has the last word.

/** An environment variable's name, as the engine accepts it. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,255}$/;

/** An image reference: [registry[:port]/]repository[:tag][@sha256:digest], lower-case repository. */
export const IMAGE_REFERENCE = new RegExp('^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]{1,5})?/)?'
  + '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*'
  + '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$');

/** Hypervisor types whose hosts run containers. */
export const CONTAINER_HOST_TYPES = ['docker'];

export const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'];

const SHELLS = ['sh', '/bin/sh', 'bash', '/bin/bash'];

/**
 * A one-line command as the argument list the engine runs: split on whitespace, except a shell
 * with -c (`sh -c "echo hi; sleep 9"`), whose script is kept whole (one pair of quotes around it
 * removed). An empty line is no command (the image's own).
 */
export function splitCommand(line) {
  const text = (line || '').trim();
  if (!text) {
    return [];
  }
  const shell = /^(\S+)\s+-c(?:\s+([\s\S]*))?$/.exec(text);
  if (shell && SHELLS.includes(shell[1])) {
    return [shell[1], '-c', unquote((shell[2] || '').trim())];
  }
  return text.split(/\s+/);
}

function unquote(text) {
  const quote = text[0];
  if (text.length >= 2 && (quote === '"' || quote === "'") && text.endsWith(quote)
      && !text.slice(1, -1).includes(quote)) {
    return text.slice(1, -1);
  }
  return text;
}

/** The message key of what is wrong with a command line, or null. */
export function commandProblem(line) {
  const args = splitCommand(line);
  return args.length === 3 && args[1] === '-c' && args[2] === '' && SHELLS.includes(args[0]) ? 'container.commandNoScript' : null;
}

/** The message key of what is wrong with an image reference (empty: required), or null. */
export function imageProblem(reference) {
  const text = (reference || '').trim();
  if (!text) {
    return 'form.required';
  }
  return text.length > 255 || !IMAGE_REFERENCE.test(text) ? 'container.badImage' : null;
}

const blank = (v) => v === undefined || v === null || String(v).trim() === '';

/** An environment row with neither name nor value: left out, like an empty field. */
export const blankEnv = (row) => blank(row.key) && blank(row.value);

/** A port row with neither port: left out. */
export const blankPort = (row) => blank(row.containerPort) && blank(row.hostPort);

/** The indexes of the rows sent (blank ones are left out): sent[i] is the row of the request's item i. */
export function sentRows(rows, isBlank) {
  return rows.map((row, i) => (isBlank(row) ? -1 : i)).filter((i) => i >= 0);
}

/** What is wrong with the environment rows ([{key, value}]), by row index: a message key. */
export function envErrors(rows) {
  const errors = {};
  const seen = new Set();
  rows.forEach((row, i) => {
    const key = (row.key || '').trim();
    if (blankEnv(row)) {
      return;
    }
    if (!key) {
      errors[i] = 'form.required';
    } else if (!ENV_NAME.test(key)) {
      errors[i] = 'container.envBadName';
    } else if (seen.has(key)) {
      errors[i] = 'container.envDuplicate';
    }
    seen.add(key);
  });
  return errors;
}

/** The environment rows as the request's `env` object (undefined for none). */
export function envObject(rows) {
  const sent = rows.filter((row) => !blankEnv(row));
  return sent.length ? Object.fromEntries(sent.map((row) => [row.key.trim(), row.value || ''])) : undefined;
}

function portNumber(value) {
  const n = Number(value);
  return String(value).trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

/**
 * What is wrong with the port rows ([{containerPort, hostPort, protocol}]), by row index and
 * part: {0: {hostPort: 'container.portRange'}}.
 */
export function portErrors(rows) {
  const errors = {};
  const published = new Set();
  rows.forEach((row, i) => {
    if (blankPort(row)) {
      return;
    }
    const wrong = {};
    if (blank(row.containerPort)) {
      wrong.containerPort = 'form.required';
    } else if (portNumber(row.containerPort) === null) {
      wrong.containerPort = 'container.portRange';
    }
    if (!blank(row.hostPort)) {
      const host = portNumber(row.hostPort);
      const key = `${host}/${row.protocol || 'tcp'}`;
      if (host === null) {
        wrong.hostPort = 'container.portRange';
      } else if (published.has(key)) {
        wrong.hostPort = 'container.portTwice';
      } else {
        published.add(key);
      }
    }
    if (Object.keys(wrong).length) {
      errors[i] = wrong;
    }
  });
  return errors;
}

/** The port rows as the request's `ports` list (undefined for none); an empty host port lets the engine pick. */
export function portList(rows) {
  const sent = rows.filter((row) => !blankPort(row));
  if (!sent.length) {
    return undefined;
  }
  return sent.map((row) => {
    const port = { containerPort: Number(row.containerPort), protocol: row.protocol || 'tcp' };
    if (!blank(row.hostPort)) {
      port.hostPort = Number(row.hostPort);
    }
    return port;
  });
}

/** The restart policy sent for a choice and an optional retry count (on-failure:N). */
export function restartPolicy(choice, retries) {
  if (choice === 'on-failure' && retries !== undefined && String(retries).trim() !== '') {
    return `on-failure:${Number(retries)}`;
  }
  return choice || 'no';
}

/** The `container` block of POST /instances from the wizard's values. */
export function containerBlock(values) {
  const block = { image: (values.image || '').trim(), restartPolicy: restartPolicy(values.restartPolicy, values.restartRetries) };
  const command = splitCommand(values.command);
  if (command.length) {
    block.command = command;
  }
  const env = envObject(values.env || []);
  if (env) {
    block.env = env;
  }
  const ports = portList(values.ports || []);
  if (ports) {
    block.ports = ports;
  }
  return block;
}

/**
 * Where an engine problem's field points in the container form: `container.ports[1].hostPort`
 * is {list: 'ports', index: 1, part: 'hostPort'}, `container.env.PATH` {list: 'env', key: 'PATH'},
 * `container.env` {list: 'env'}, `container.image` {part: 'image'}; null for other fields.
 */
export function containerField(field) {
  if (!field || !field.startsWith('container')) {
    return null;
  }
  const port = /^container\.ports(?:\[(\d+)\](?:\.(\w+))?)?$/.exec(field);
  if (port) {
    return { list: 'ports', index: port[1] === undefined ? undefined : Number(port[1]), part: port[2] };
  }
  const env = /^container\.env(?:\.(.+))?$/.exec(field);
  if (env) {
    return { list: 'env', key: env[1] };
  }
  return { part: field === 'container' ? 'container' : field.slice('container.'.length) };
}

/**
 * The container references offered for a placement: those of images on one of the hosts
 * (hostIds null: on any host), each once, sorted.
 */
export function referencesOn(images, hostIds) {
  const wanted = hostIds ? new Set(hostIds) : null;
  const references = new Set();
  for (const image of images) {
    const hosts = image.hostIds || [];
    if (wanted ? hosts.some((h) => wanted.has(h)) : hosts.length > 0) {
      (image.references || []).forEach((r) => references.add(r));
    }
  }
  return [...references].sort();
}

// --- terminal: the engine's websocket protocol (docs: issue 11 contract) ---

/** The websocket URL of a ticket's path on this page's origin. */
export function socketUrl(location, path) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** A TEXT frame carrying keystrokes. */
export function inputFrame(data) {
  return JSON.stringify({ type: 'input', data });
}

/**
 * Keystrokes (a paste may be long) as TEXT frames each well under the engine's 64 KiB message
 * limit even when every character is escaped: pieces of at most `max` characters, never
 * splitting a surrogate pair.
 */
export function inputFrames(data, max = 8192) {
  const frames = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(data.length, start + max);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) {
      end -= 1; // keep a high surrogate with its low half
    }
    frames.push(inputFrame(data.slice(start, end)));
    start = end;
  }
  return frames;
}

/** A TEXT frame telling the terminal's size. */
export function resizeFrame(cols, rows) {
  return JSON.stringify({ type: 'resize', cols, rows });
}

/** What xterm is given for a received frame: the bytes of a BINARY frame, the text of a TEXT one. */
export function outputOf(data) {
  if (typeof data === 'string') {
    return data;
  }
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** Why a socket closed: the server's reason when it gave one, otherwise a message key for the code. */
export function closeReason(code, reason) {
  if (reason) {
    return { text: reason };
  }
  const known = [1000, 1001, 1006, 1008, 1011];
  return { key: `terminal.close.${known.includes(code) ? code : 'other'}`, code };
}

// --- logs ---

/**
 * Cuts a stream of text into lines: push(chunk) gives the lines it completes (without "\r\n" or
 * "\n"), end() the last unterminated one, if any.
 */
export function lineAssembler() {
  let rest = '';
  const clean = (line) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  return {
    push(chunk) {
      rest += chunk;
      const parts = rest.split('\n');
      rest = parts.pop();
      return parts.map(clean);
    },
    end() {
      const last = rest;
      rest = '';
      return last ? [clean(last)] : [];
    },
  };
}

/** The lines kept on screen: the old ones and the new, at most `max`, newest kept. */
export function keepLast(lines, more, max) {
  if (!more.length) {
    return lines;
  }
  const all = lines.concat(more);
  return all.length > max ? all.slice(all.length - max) : all;
}

/** The query of GET /instances/{id}/logs: tail 'all' sends none (everything). */
export function logQuery({ tail, since, follow }) {
  const query = new URLSearchParams();
  if (tail && tail !== 'all') {
    query.set('tail', String(tail));
  }
  if (since && since.trim()) {
    query.set('since', since.trim());
  }
  if (follow) {
    query.set('follow', 'true');
  }
  return query.toString();
}

/** The message key of what is wrong with a `since` (an age like 10m, epoch seconds or an ISO instant), or null. */
export function sinceProblem(since) {
  const text = (since || '').trim();
  if (!text || /^[0-9]{1,9}[smhd]$/.test(text) || /^[0-9]{1,12}$/.test(text)) {
    return null;
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)) ? null : 'logs.badSince';
}
