// Fixed values shared by the global setup and the tests.
export const ADMIN_EMAIL = 'admin@soudan.test';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
/** The server's clock (and the browser's) starts here: a Tuesday, so Thursday on is bookable. */
export const CLOCK_START = '2026-12-01T09:00:00+09:00';
