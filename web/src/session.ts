// The signed-in account, shared by every screen.
import { useEffect, useState } from 'preact/hooks';
import { graphql } from './gql';
import type { MeQuery } from './gql/graphql';
import { getToken, mutate, onSessionChange, query, setToken } from './api';

const Me = graphql(`
  query Me {
    me {
      id
      email
      name
      role
      emailVerified
      jobSeeker {
        id
        name
        phone
        jobSeekerNumber
        registrationVerified
        eligible
        suspended {
          reason
          until
        }
      }
    }
  }
`);

export type Me = NonNullable<MeQuery['me']>;

let current: { me: Me | null; loading: boolean } = { me: null, loading: !!getToken() };
const listeners = new Set<() => void>();
let seq = 0;

export async function refreshMe(): Promise<void> {
  const mine = ++seq;
  if (!getToken()) {
    current = { me: null, loading: false };
  } else {
    current = { ...current, loading: true };
    listeners.forEach((f) => f());
    const r = await query(Me, {});
    if (mine !== seq) return;
    current = { me: r.data?.me ?? null, loading: false };
  }
  listeners.forEach((f) => f());
}

onSessionChange(() => void refreshMe());
void refreshMe();

export function useSession() {
  const [, force] = useState(0);
  useEffect(() => {
    const f = () => force((n) => n + 1);
    listeners.add(f);
    // The session may have loaded between this render and now.
    f();
    return () => void listeners.delete(f);
  }, []);
  return current;
}

const SignOut = graphql(`
  mutation SignOut {
    signOut
  }
`);

export async function signOut(): Promise<void> {
  await mutate(SignOut, {});
  setToken(null);
}
