import { LocationProvider, Router, Route, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import { setSessionEndedHandler } from './api';
import { signOut, useSession } from './session';
import { Guide } from './pages/guide';
import { Availability } from './pages/availability';
import { SignUp } from './pages/signup';
import { VerifyEmail } from './pages/verify';
import { Confirm } from './pages/confirm';
import { Login, ForgotPassword, ResetPassword } from './pages/login';
import { Terms } from './pages/terms';
import { Book } from './pages/book';
import { MyPage } from './pages/mypage';
import { ReservationPage } from './pages/reservation';
import { Readiness } from './pages/readiness';
import { NotFound } from './pages/notfound';
import { Title } from './ui';
import { Board } from './staff/board';
import { PhoneReception } from './staff/phone';
import { JobSeekerDetail, JobSeekerSearch } from './staff/jobseekers';
import { AdminCalendar, AdminHome, AdminOffice, AdminStaff } from './staff/admin';
import { AdminBooths, AdminImport, AdminRecords, AdminTerms } from './staff/admin2';
import { RequireStaff, StaffToBoard, isStaff } from './staff/guard';

const GuardedBook = RequireSignIn(Book);
const GuardedMyPage = RequireSignIn(StaffToBoard(MyPage));
const Home = StaffToBoard(Guide);
const StaffBoard = RequireStaff(Board);
const StaffPhone = RequireStaff(PhoneReception);
const StaffJobSeekers = RequireStaff(JobSeekerSearch);
const StaffJobSeeker = RequireStaff(JobSeekerDetail);
const Admin = RequireStaff(AdminHome, true);
const AdminOfficePage = RequireStaff(AdminOffice, true);
const AdminCalendarPage = RequireStaff(AdminCalendar, true);
const AdminStaffPage = RequireStaff(AdminStaff, true);
const AdminTermsPage = RequireStaff(AdminTerms, true);
const AdminBoothsPage = RequireStaff(AdminBooths, true);
const AdminImportPage = RequireStaff(AdminImport, true);
const AdminRecordsPage = RequireStaff(AdminRecords, true);
const GuardedReservationPage = RequireSignIn(ReservationPage);
const GuardedReadiness = RequireSignIn(Readiness);

export function App() {
  return (
    <LocationProvider>
      <Shell>
        <Router>
          <Route path="/" component={Home} />
          <Route path="/staff" component={StaffBoard} />
          <Route path="/staff/phone" component={StaffPhone} />
          <Route path="/staff/jobseekers" component={StaffJobSeekers} />
          <Route path="/staff/jobseekers/:id" component={StaffJobSeeker} />
          <Route path="/admin" component={Admin} />
          <Route path="/admin/office" component={AdminOfficePage} />
          <Route path="/admin/calendar" component={AdminCalendarPage} />
          <Route path="/admin/staff" component={AdminStaffPage} />
          <Route path="/admin/terms" component={AdminTermsPage} />
          <Route path="/admin/booths" component={AdminBoothsPage} />
          <Route path="/admin/import" component={AdminImportPage} />
          <Route path="/admin/records" component={AdminRecordsPage} />
          <Route path="/slots" component={Availability} />
          <Route path="/signup" component={SignUp} />
          <Route path="/verify-email" component={VerifyEmail} />
          <Route path="/confirm" component={Confirm} />
          <Route path="/login" component={Login} />
          <Route path="/forgot-password" component={ForgotPassword} />
          <Route path="/reset-password" component={ResetPassword} />
          <Route path="/terms" component={Terms} />
          <Route path="/terms/:id" component={Terms} />
          <Route path="/book" component={GuardedBook} />
          <Route path="/mypage" component={GuardedMyPage} />
          <Route path="/reservations/:id" component={GuardedReservationPage} />
          <Route path="/reservations/:id/readiness" component={GuardedReadiness} />
          <Route default component={NotFound} />
        </Router>
      </Shell>
    </LocationProvider>
  );
}

/** Wraps a page that needs a signed-in job seeker; others go to ログイン and come back. */
function RequireSignIn<P extends object>(Page: (p: P) => JSX.Element) {
  return function Guarded(props: P) {
    const { me, loading } = useSession();
    const { url, route } = useLocation();
    useEffect(() => {
      if (!loading && !me) route(`/login?next=${encodeURIComponent(url)}`, true);
    }, [loading, me]);
    if (!me) return <Title>読み込んでいます</Title>;
    return <Page {...props} />;
  };
}

function Shell({ children }: { children: ComponentChildren }) {
  const { url, path, route } = useLocation();
  const { me } = useSession();
  useEffect(() => {
    setSessionEndedHandler(() => {
      const here = location.pathname + location.search;
      route(`/login?next=${encodeURIComponent(here)}&expired=1`);
    });
  }, []);
  // Focus moves to the new page's heading on every route change.
  useEffect(() => {
    const t = setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 0);
    window.scrollTo(0, 0);
    return () => clearTimeout(t);
  }, [path]);
  const current = (p: string) => (path === p ? { 'aria-current': 'page' as const } : {});
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.querySelector<HTMLElement>('main h1')?.focus(); }}>
        本文へ移動
      </a>
      <header class="site-header">
        <div class="container header-inner">
          <a href="/" class="site-name">
            オンライン職業相談
          </a>
          <nav aria-label="メニュー">
            <ul class="nav">
              <li>
                <a href="/" {...current('/')}>ご利用案内</a>
              </li>
              <li>
                <a href="/slots" {...current('/slots')}>空き状況</a>
              </li>
              {me && isStaff(me.role) ? (
                <>
                  <li>
                    <a href="/staff" {...current('/staff')}>本日の相談</a>
                  </li>
                  <li>
                    <a href="/staff/phone" {...current('/staff/phone')}>電話・メール受付</a>
                  </li>
                  <li>
                    <a href="/staff/jobseekers" {...current('/staff/jobseekers')}>求職者</a>
                  </li>
                  {me.role === 'ADMIN' && (
                    <li>
                      <a href="/admin" {...current('/admin')}>管理</a>
                    </li>
                  )}
                  <li>
                    <button type="button" class="link-button" onClick={() => signOut().then(() => route('/login?signedout=1'))}>
                      ログアウト
                    </button>
                  </li>
                </>
              ) : me ? (
                <>
                  <li>
                    <a href="/mypage" {...current('/mypage')}>マイページ</a>
                  </li>
                  <li>
                    <button type="button" class="link-button" onClick={() => signOut().then(() => route('/login?signedout=1'))}>
                      ログアウト
                    </button>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <a href={`/login${path === '/login' ? '' : `?next=${encodeURIComponent(url)}`}`} {...current('/login')}>ログイン</a>
                  </li>
                  <li>
                    <a href="/signup" {...current('/signup')}>新規登録</a>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="container">
        {children}
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>
            <a href="/">ご利用案内</a>　<a href="/terms">利用規約</a>
          </p>
          <p>ハローワーク オンライン職業相談</p>
        </div>
      </footer>
    </>
  );
}
