// The staff board's live queue: one graphql-ws connection of its own that
// subscribes to queueEvents(date, afterSeq) and, after a dropped connection,
// subscribes again from the last seq the board applied. Close code 4403 or
// an UNAUTHENTICATED error ends the session instead of retrying.
import { createClient, type Client } from 'graphql-ws';
import { stringifyDocument } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { endSession, getToken } from '../api';

/**
 * connecting (the first time), open, disconnected (waiting to try again),
 * reconnecting (trying again), stopped.
 */
export type Connection = 'connecting' | 'open' | 'disconnected' | 'reconnecting' | 'stopped';

export interface LiveOptions<E> {
  doc: TypedDocumentNode<any, any>;
  date: string;
  /** The last seq applied, read at every (re)subscription. */
  afterSeq: () => number;
  onEvent: (e: E) => void;
  onConnection: (c: Connection) => void;
  /** A refusal that retrying cannot mend (for example FORBIDDEN). */
  onFatal: (message: string) => void;
  pick: (data: any) => E | undefined;
}

/** Starts following the queue; returns the function that stops it. */
export function followQueue<E>(o: LiveOptions<E>): () => void {
  let stopped = false;
  let client: Client | null = null;
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const query = stringifyDocument(o.doc);

  const drop = () => {
    unsubscribe?.();
    unsubscribe = null;
    void client?.dispose();
    client = null;
  };

  const retry = () => {
    drop();
    if (stopped) return;
    o.onConnection('disconnected');
    // 0.5 s, 1 s, 2 s … up to 10 s between attempts.
    const wait = Math.min(10_000, 500 * 2 ** Math.min(failures, 5));
    failures++;
    timer = setTimeout(connect, wait);
  };

  const connect = () => {
    if (stopped) return;
    if (failures > 0) o.onConnection('reconnecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const c = createClient({
      url: `${scheme}://${location.host}/graphql`,
      lazy: true,
      retryAttempts: 0,
      connectionParams: () => {
        const t = getToken();
        return t ? { authorization: `Bearer ${t}` } : {};
      },
      on: {
        connected: () => {
          if (client !== c) return;
          failures = 0;
          o.onConnection('open');
        },
      },
    });
    client = c;
    unsubscribe = c.subscribe<any>(
      { query, variables: { date: o.date, afterSeq: o.afterSeq() } },
      {
        next: (r) => {
          if (client !== c) return;
          if (r.errors?.length) {
            handleErrors(r.errors);
            return;
          }
          const e = o.pick(r.data);
          if (e) o.onEvent(e);
        },
        error: (err) => {
          if (client !== c || stopped) return;
          if (isCloseEvent(err) && err.code === 4403) {
            stop();
            endSession();
            return;
          }
          if (Array.isArray(err)) {
            handleErrors(err);
            return;
          }
          retry();
        },
        complete: () => {
          // The server ended the stream (for example it is shutting down): follow again.
          if (client === c && !stopped) retry();
        },
      },
    );
  };

  const handleErrors = (errors: readonly { message: string; extensions?: Record<string, unknown> }[]) => {
    const codes = errors.map((e) => e.extensions?.code);
    if (codes.includes('UNAUTHENTICATED')) {
      stop();
      endSession();
    } else if (codes.includes('UNAVAILABLE') || codes.includes('INTERNAL')) {
      retry();
    } else {
      stop();
      o.onFatal(errors.map((e) => e.message).join(' '));
    }
  };

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    drop();
    o.onConnection('stopped');
  };

  o.onConnection('connecting');
  connect();
  return stop;
}

function isCloseEvent(e: unknown): e is CloseEvent {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as CloseEvent).code === 'number';
}

/** Applies events once, in seq order: those at or below the last applied are ignored. */
export class SeqGate {
  constructor(public last: number) {}
  accept(seq: number): boolean {
    if (seq <= this.last) return false;
    this.last = seq;
    return true;
  }
}
