// Role-aware routing: staff pages need a signed-in counselor or
// administrator; staff who open a job seeker's landing page go to the board.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSession } from '../session';
import { Title } from '../ui';

export const isStaff = (role?: string) => role === 'COUNSELOR' || role === 'ADMIN';

/** Wraps a staff page: others go to ログイン (signed out) or see that it is for staff only. */
export function RequireStaff<P extends object>(Page: (p: P) => JSX.Element, adminOnly = false) {
  return function StaffOnly(props: P) {
    const { me, loading } = useSession();
    const { url, route } = useLocation();
    useEffect(() => {
      if (!loading && !me) route(`/login?next=${encodeURIComponent(url)}`, true);
    }, [loading, me]);
    if (!me) return <Title>読み込んでいます</Title>;
    if (!isStaff(me.role) || (adminOnly && me.role !== 'ADMIN')) {
      return (
        <>
          <Title>このページは表示できません</Title>
          <p>このページは、ハローワークの職員の方だけが使えます。</p>
          <p>
            <a href="/">ご利用案内へ戻る</a>
          </p>
        </>
      );
    }
    return <Page {...props} />;
  };
}

/** Wraps a job seeker's page: a signed-in staff member goes to 本日の相談 instead. */
export function StaffToBoard<P extends object>(Page: (p: P) => JSX.Element) {
  return function JobSeekerPage(props: P) {
    const { me } = useSession();
    const { route } = useLocation();
    const staff = isStaff(me?.role);
    useEffect(() => {
      if (staff) route('/staff', true);
    }, [staff]);
    if (staff) return <Title>読み込んでいます</Title>;
    return <Page {...props} />;
  };
}
