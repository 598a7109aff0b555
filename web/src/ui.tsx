// Shared building blocks: page heading, form fields with their help and
// error, the error summary, live status messages and data loading.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ApiError, Result } from './api';

/** The page's h1; focus moves here on every route change (see App). */
export function Title({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${typeof children === 'string' ? children : ''}｜オンライン職業相談`;
  }, [children]);
  // A heading that replaces a focused one (a page that finished loading) takes the focus.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} class="page-title" ref={ref}>
      {children}
    </h1>
  );
}

export type FieldErrors = Record<string, string | undefined>;

interface FieldProps {
  id: string;
  label: string;
  required?: boolean;
  help?: ComponentChildren;
  error?: string;
  children: (attrs: FieldAttrs) => JSX.Element;
}

export interface FieldAttrs {
  id: string;
  name: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  'aria-required'?: 'true';
}

/** A labelled field: label with ※必須/※任意, help, the control, then the error. */
export function Field({ id, label, required, help, error, children }: FieldProps) {
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id} class="field-label">
        {label}
        <span class={required ? 'req' : 'opt'}>{required ? '※必須' : '※任意'}</span>
      </label>
      {help && (
        <p id={`${id}-help`} class="field-help">
          {help}
        </p>
      )}
      {children({
        id,
        name: id,
        'aria-describedby': describedBy || undefined,
        'aria-invalid': error ? 'true' : undefined,
        'aria-required': required ? 'true' : undefined,
      })}
      {error && (
        <p id={`${id}-error`} class="error-text">
          ＊{error}
        </p>
      )}
    </div>
  );
}

/** The list of errors at the top of a form, each linking to its field. */
export function ErrorSummary({ errors, labels, general }: { errors: FieldErrors; labels: Record<string, string>; general?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const entries = Object.entries(errors).filter(([, m]) => m);
  const shown = entries.length > 0 || !!general;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [errors, general]);
  if (!shown) return null;
  return (
    <div class="error-summary" tabIndex={-1} ref={ref} role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>入力内容を確認してください</h2>
      {general && <p>{general}</p>}
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, msg]) => (
            <li key={field}>
              <a
                href={`#${field}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(field)?.focus();
                }}
              >
                {labels[field] ?? '入力'}：{msg}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Splits API errors into field errors and one general message. */
export function splitErrors(errors: ApiError[], fields: string[]): { fields: FieldErrors; general?: string } {
  const out: FieldErrors = {};
  const general: string[] = [];
  for (const e of errors) {
    if (e.field && fields.includes(e.field)) out[e.field] = e.message;
    else general.push(e.message);
  }
  return { fields: out, general: general.length ? general.join(' ') : undefined };
}

/** Client-side check of required fields; the server checks the formats. */
export function requireFilled(values: Record<string, string>, required: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const f of required) if (!values[f]?.trim()) out[f] = '入力してください。';
  return out;
}

/** A polite live region for status messages. */
export function Status({ children }: { children?: ComponentChildren }) {
  return (
    <div class="status" role="status" aria-live="polite">
      {children}
    </div>
  );
}

/** A notice box (info or error); role=alert for errors. */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      {children}
    </div>
  );
}

/** Loads data once per key; reload() fetches again. */
export function useLoad<D>(load: () => Promise<Result<D>>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: D; errors?: ApiError[]; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    load().then((r) => {
      if (alive) setState({ data: r.data, errors: r.errors, loading: false });
    });
    return () => {
      alive = false;
    };
  }, [...deps, n]);
  return {
    ...state,
    reload: () => setN((x) => x + 1),
    set: (data: D) => setState({ data, loading: false }),
    /** Applies f to the latest data (for live updates). */
    update: (f: (d: D) => D) => setState((s) => (s.data ? { ...s, data: f(s.data) } : s)),
  };
}

/** Loading and error states of useLoad. */
export function Loading({ errors }: { errors?: ApiError[] }) {
  if (errors) return <Notice kind="error">{errors.map((e) => e.message).join(' ')}</Notice>;
  return <Status>読み込んでいます…</Status>;
}

/** Keeps a form's values in sessionStorage so that nothing typed is lost. */
export function useDraft<T extends object>(key: string, initial: () => T): [T, (patch: Partial<T>) => void, () => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(key);
      if (saved) return { ...initial(), ...JSON.parse(saved) };
    } catch {
      /* a broken draft is dropped */
    }
    return initial();
  });
  const update = (patch: Partial<T>) =>
    setValue((v) => {
      const next = { ...v, ...patch };
      try {
        sessionStorage.setItem(key, JSON.stringify(next));
      } catch {
        /* storage full or disabled: the form still works */
      }
      return next;
    });
  const clear = () => sessionStorage.removeItem(key);
  return [value, update, clear];
}

/** Moves focus to the page heading (after a step change inside a page). */
export function focusTitle() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
}
