// A session-based shop's BACKREF that sends every visitor to its login page is an auth wall
// (JY-MRD-05), not a merchant that refuses or accepts results (JY-MRD-01/02/12).
import { expect, test } from 'vitest';
import { toLogin, wantsAuth } from '../../suites/jysan/merchant/support.ts';

const to = (location: string, status = 302) => ({ status, headers: { location } });

test('a redirect to a login page is a login wall', () => {
  for (const l of [
    '/login.php?next=%2Fbackref.php',
    '/account/login',
    'https://shop.kz/user/login/',
    '/wp-login.php',
    '/auth',
  ])
    expect(toLogin(to(l)), l).toBe(true);
});

test("a redirect to the shop's own pages, or a page answer, is not", () => {
  for (const l of ['/thanks.php?order=8002001', '/payment/failed', '/blog/login-tips', '/orders/8002001'])
    expect(toLogin(to(l)), l).toBe(false);
  expect(toLogin({ status: 200, headers: { location: '/login' } })).toBe(false);
  expect(wantsAuth({ status: 401 })).toBe(false); // no challenge: a plain refusal
  expect(wantsAuth({ status: 401, headers: { 'www-authenticate': 'Basic' } })).toBe(true);
});
