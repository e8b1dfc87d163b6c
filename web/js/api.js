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
 * What went wrong, in words (the code only as a detail): `{ text, code }`.
 * @param {unknown} error @param {string} [what] what did not happen, e.g. "The alert was not acknowledged."
 */
export function describeError(error, what = '') {
  const lead = what ? `${what} ` : '';
  if (error instanceof ApiError) {
    const text =
      error.status === 403
        ? `You are not allowed to do this: ${error.message}.`
        : error.status === 404
          ? `Not found: ${error.message}.`
          : error.status >= 500
            ? 'The gateway failed to do this; try again in a moment.'
            : `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`;
    return { text: `${lead}${text}`, code: error.code };
  }
  return {
    text: `${lead}The gateway cannot be reached (connection lost). Try again when the connection is back.`,
    code: 'NETWORK',
  };
}

/**
 * Calls the gateway API with the session's bearer token; throws {@link ApiError} on a non-2xx answer.
 * @param {Session | null} session @param {string} method @param {string} url @param {unknown} [body]
 * @param {string} [accept]
 */
export async function api(session, method, url, body, accept = 'application/json') {
  /** @type {Record<string, string>} */
  const headers = { accept };
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  if (res.ok && !accept.includes('json')) return res.text();
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    const issue = json?.issue?.[0];
    const code = issue?.details?.coding?.[0]?.code ?? `HTTP_${res.status}`;
    throw new ApiError(res.status, code, issue?.diagnostics ?? issue?.details?.text ?? res.statusText);
  }
  return json;
}

/**
 * @typedef {{ state: 'connecting' | 'open' | 'lost', since: number, attempt: number, retryAt?: number, detail?: string }} StreamStatus
 */

/**
 * Opens a Server-Sent Events stream with the bearer token in a header (EventSource cannot send one),
 * calling `onEvent(name, data)` per event. A drop, an error or silence longer than `watchdogMs` counts as
 * lost: it reconnects with exponential back-off (1 s doubling to 15 s, with jitter) until `signal` aborts;
 * `retryNow()` on the returned handle skips the wait.
 * @param {Session} session @param {string} url
 * @param {(name: string, data: any) => void} onEvent
 * @param {(status: StreamStatus) => void} onStatus
 * @param {AbortSignal} signal
 * @param {number} [watchdogMs]
 */
export function openStream(session, url, onEvent, onStatus, signal, watchdogMs = 12_000) {
  /** @type {() => void} */
  let wake = () => {};
  let attempt = 0;
  let lostSince = Date.now();
  const lost = (/** @type {string} */ detail, /** @type {number} */ retryAt) => {
    onStatus({ state: 'lost', since: lostSince, attempt, retryAt, detail });
  };
  const run = async () => {
    while (!signal.aborted) {
      const attemptAbort = new AbortController();
      const stop = () => attemptAbort.abort();
      signal.addEventListener('abort', stop, { once: true });
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let watchdog;
      const pet = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => attemptAbort.abort(new Error('no data from the gateway')), watchdogMs);
      };
      let detail = 'connection closed';
      try {
        onStatus({
          state: attempt === 0 ? 'connecting' : 'lost',
          since: lostSince,
          attempt,
          detail: 'reconnecting…',
        });
        pet();
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
          signal: attemptAbort.signal,
        });
        if (res.status === 401 || res.status === 403) {
          onStatus({ state: 'lost', since: lostSince, attempt, detail: `HTTP ${res.status}` });
          onEvent('unauthorized', { status: res.status });
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        let opened = false;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pet();
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
            if (data) {
              if (!opened && name === 'hello') {
                opened = true;
                attempt = 0;
                onStatus({ state: 'open', since: Date.now(), attempt: 0 });
              }
              onEvent(name, JSON.parse(data));
            }
            cut = buffer.indexOf('\n\n');
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        const reason = attemptAbort.signal.reason;
        detail =
          reason instanceof Error ? reason.message : error instanceof Error ? error.message : String(error);
      } finally {
        clearTimeout(watchdog);
        signal.removeEventListener('abort', stop);
      }
      if (signal.aborted) return;
      if (attempt === 0) lostSince = Date.now();
      attempt++;
      const wait = Math.min(15_000, 1000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      lost(detail, Date.now() + wait);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(t);
          resolve(undefined);
        };
      });
    }
  };
  void run();
  return { retryNow: () => wake() };
}
