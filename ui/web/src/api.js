// The portal's only way to the engine: /api/v1 with the session's bearer token. The password
// is sent once, to POST /auth/tokens, and never stored.
import { attachmentName } from './format.js';

const BASE = '/api/v1';
const SESSION = 'ovm.session';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function session() {
  const saved = sessionStorage.getItem(SESSION);
  return saved ? JSON.parse(saved) : null;
}

export async function login(username, password) {
  const response = await fetch(`${BASE}/auth/tokens`, {
    method: 'POST',
    headers: {
      Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(`${username}:${password}`))),
      'X-Requested-With': 'XMLHttpRequest',
    },
  });
  if (!response.ok) {
    throw new ApiError(response.status, await problem(response));
  }
  const token = await response.json();
  const saved = { token: token.token, username: token.username, role: token.role, expiresAt: token.expiresAt };
  sessionStorage.setItem(SESSION, JSON.stringify(saved));
  return saved;
}

/** Ends the session: the engine revokes its token (best effort), and the browser forgets it. */
export function logout() {
  const saved = session();
  sessionStorage.removeItem(SESSION);
  if (saved && saved.token) {
    fetch(`${BASE}/auth/tokens/current`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${saved.token}`, 'X-Requested-With': 'XMLHttpRequest' },
    }).catch(() => {});
  }
}

/**
 * Uploads a file as the raw body of a POST (KARs, images); onProgress gets the fraction sent
 * (XMLHttpRequest, because fetch reports no upload progress).
 */
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', BASE + path);
    request.setRequestHeader('Authorization', `Bearer ${session().token}`);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    if (onProgress) {
      request.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    }
    request.onerror = () => reject(new ApiError(0, null));
    request.onload = () => {
      let reply = null;
      try {
        reply = JSON.parse(request.responseText);
      } catch {
        reply = null;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(reply);
      } else {
        reject(new ApiError(request.status, reply));
      }
    };
    request.send(file);
  });
}

function headers() {
  const current = session();
  const out = { 'X-Requested-With': 'XMLHttpRequest' };
  if (current) {
    out.Authorization = `Bearer ${current.token}`;
  }
  return out;
}

async function checked(response) {
  if (response.status === 401) {
    logout();
    window.dispatchEvent(new Event('ovm-logout'));
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problem(response));
  }
  return response;
}

/** GET/POST/... a path under /api/v1; a 401 ends the session. */
export async function call(method, path, body) {
  const sent = headers();
  if (body !== undefined) {
    sent['Content-Type'] = 'application/json';
  }
  const response = await checked(await fetch(BASE + path,
    { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) }));
  return response.status === 204 ? null : response.json();
}

/**
 * GETs a path whose body is read as it arrives (a container's followed logs): the response once
 * its status is OK; `signal` (an AbortController's) ends the request and the stream.
 */
export async function openStream(path, signal) {
  return checked(await fetch(BASE + path, { headers: headers(), signal }));
}

/**
 * GETs a file (an export) with the session's token and hands it to the browser as a download,
 * named as the engine's Content-Disposition says (else `fallback`).
 */
export async function download(path, fallback) {
  const response = await checked(await fetch(BASE + path, { headers: headers() }));
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachmentName(response.headers.get('Content-Disposition'), fallback);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The task once it has ended (the engine holds the request up to 60 s). */
export function taskEnd(task) {
  return call('GET', `/tasks/${task.id}?wait=60`);
}

/** True once a task has ended without succeeding (FAILED, ROLLED_BACK...). */
export const taskFailed = (task) => !!task && !['QUEUED', 'RUNNING', 'SUCCEEDED'].includes(task.state);

/**
 * Follows a task until it ends, asking again while it still runs (up to `rounds` waits of 60 s);
 * `onProgress(task)` hears each answer that has not ended yet. Resolves the last answer.
 */
export async function followTask(task, onProgress, rounds = 10) {
  let last = await taskEnd(task);
  for (let i = 1; i < rounds && ['QUEUED', 'RUNNING'].includes(last.state); i++) {
    if (onProgress) {
      onProgress(last);
    }
    last = await taskEnd(task);
  }
  return last;
}

async function problem(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}
