// The API client: urql over HTTP for queries and mutations, graphql-ws for
// subscriptions, the session token in localStorage, and API errors turned
// into what the screens show.
import { Client, fetchExchange, subscriptionExchange, type CombinedError } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';

const TOKEN_KEY = 'soudan.token';

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  ws?.dispose();
  ws = null;
  sessionListeners.forEach((f) => f());
}

const sessionListeners = new Set<() => void>();

/** onSessionChange calls f whenever the token is set or cleared. */
export function onSessionChange(f: () => void): () => void {
  sessionListeners.add(f);
  return () => sessionListeners.delete(f);
}

/** Called when the session has ended (UNAUTHENTICATED or close 4403). */
let sessionEnded: () => void = () => {};
export function setSessionEndedHandler(f: () => void): void {
  sessionEnded = f;
}

/** Ends the session here (UNAUTHENTICATED or close 4403): clears the token and goes to ログイン. */
export function endSession(): void {
  if (getToken() === null) return;
  setToken(null);
  sessionEnded();
}

let ws: WSClient | null = null;

function wsClient(): WSClient {
  if (!ws) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    ws = createWSClient({
      url: `${scheme}://${location.host}/graphql`,
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: (e) => !(e instanceof CloseEvent && e.code === 4403),
      connectionParams: () => {
        const t = getToken();
        return t ? { authorization: `Bearer ${t}` } : {};
      },
      on: {
        closed: (e) => {
          if ((e as CloseEvent).code === 4403) endSession();
        },
      },
    });
  }
  return ws;
}

export const client = new Client({
  url: '/graphql',
  exchanges: [
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({ unsubscribe: wsClient().subscribe({ ...request, query: request.query ?? '' }, sink) }),
      }),
    }),
  ],
  requestPolicy: 'network-only',
  preferGetMethod: false,
  fetchOptions: (): RequestInit => {
    const t = getToken();
    const headers: Record<string, string> = t ? { authorization: `Bearer ${t}` } : {};
    return { headers };
  },
});

/** One error as the screens use it. */
export interface ApiError {
  code: string;
  message: string;
  /** The input field, without the leading "input.", e.g. "phone". */
  field?: string;
  retryAfter?: number;
}

export type Result<D> = { data: D; errors?: undefined } | { data?: undefined; errors: ApiError[] };

const BUSY = 'ただいま混み合っているか、通信ができません。入力した内容はそのまま残っています。しばらくしてからもう一度お試しください。';

export function toErrors(err: CombinedError): ApiError[] {
  if (err.networkError || err.graphQLErrors.length === 0) {
    return [{ code: 'UNAVAILABLE', message: BUSY }];
  }
  return err.graphQLErrors.map((g) => {
    const ext = (g.extensions ?? {}) as Record<string, unknown>;
    const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL';
    const field = typeof ext.field === 'string' ? ext.field.replace(/^input\./, '').replace(/^report\./, '') : undefined;
    const retryAfter = typeof ext.retryAfter === 'number' ? ext.retryAfter : undefined;
    let message = g.message;
    if (code === 'UNAVAILABLE') message = BUSY;
    if (code === 'RATE_LIMITED') {
      const wait = retryAfter ? retryText(retryAfter) : 'しばらく';
      message = `操作が続いたため、受付を一時止めています。${wait}たってから、もう一度お試しください。`;
    }
    return { code, message, field, retryAfter };
  });
}

function retryText(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}秒`;
  return `${Math.ceil(seconds / 60)}分`;
}

async function run<D, V extends object>(kind: 'query' | 'mutation', doc: TypedDocumentNode<D, V>, vars: V): Promise<Result<D>> {
  const res = kind === 'query' ? await client.query(doc, vars).toPromise() : await client.mutation(doc, vars).toPromise();
  if (res.error) {
    const errors = toErrors(res.error);
    if (errors.some((e) => e.code === 'UNAUTHENTICATED')) endSession();
    // A query whose every root field answered is shown even if a nullable
    // field inside failed (that field is then null).
    const data = res.data as Record<string, unknown> | undefined;
    const partial = kind === 'query' && data && Object.values(data).every((v) => v !== null && v !== undefined);
    if (!partial || errors.some((e) => e.code === 'UNAUTHENTICATED')) return { errors };
  }
  return { data: res.data as D };
}

export const query = <D, V extends object>(doc: TypedDocumentNode<D, V>, vars: V) => run('query', doc, vars);
export const mutate = <D, V extends object>(doc: TypedDocumentNode<D, V>, vars: V) => run('mutation', doc, vars);

/** A fresh random key, for idempotencyKey. */
export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
