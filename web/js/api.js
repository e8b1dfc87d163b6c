// @ts-check
/** The signed-in session: bearer token, username, role and (patients) pseudonym; kept per browser tab. */
const KEY = 'vigil.session';

/** @typedef {{ token: string, username: string, role: string, patient: string | null }} Session */

/** @returns {Session | null} */
export function loadSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return s && typeof s.token === 'string' ? s : null;
  } catch {
    return null;
  }
}

/** @param {Session | null} s */
export function saveSession(s) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** An API error with the OperationOutcome's code and message. */
export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the gateway API with the session's bearer token; throws {@link ApiError} on a non-2xx answer.
 * @param {Session | null} session @param {string} method @param {string} url @param {unknown} [body]
 */
export async function api(session, method, url, body) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    const issue = json?.issue?.[0];
    const code = issue?.details?.coding?.[0]?.code ?? `HTTP_${res.status}`;
    throw new ApiError(res.status, code, issue?.diagnostics ?? issue?.details?.text ?? res.statusText);
  }
  return json;
}

/**
 * Opens a Server-Sent Events stream with the bearer token in a header (EventSource cannot send one),
 * calling `onEvent(name, data)` per event; reconnects after a drop until `signal` aborts.
 * @param {Session} session @param {string} url
 * @param {(name: string, data: any) => void} onEvent
 * @param {(state: 'open' | 'closed' | 'error', detail?: string) => void} onState
 * @param {AbortSignal} signal
 */
export async function openStream(session, url, onEvent, onState, signal) {
  while (!signal.aborted) {
    try {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
        signal,
      });
      if (!res.ok || !res.body) {
        onState('error', `HTTP ${res.status}`);
        if (res.status === 401 || res.status === 403) return;
      } else {
        onState('open');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            let name = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) name = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (data) onEvent(name, JSON.parse(data));
            cut = buffer.indexOf('\n\n');
          }
        }
        onState('closed');
      }
    } catch (error) {
      if (signal.aborted) return;
      onState('error', error instanceof Error ? error.message : String(error));
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
