// A session-based shop's BACKREF that sends every visitor to its login page is an auth wall
// (JY-MRD-05), not a merchant that refuses or accepts results (JY-MRD-01/02/12).
import { expect, test } from 'vitest';
import { toLogin, turnedAway, wantsAuth } from '../../suites/jysan/merchant/support.ts';

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

// A shop that sends each result to its order's own page (/orders/<uuid>/status) sends a forged result
// for one order and a genuine one for another to two places that are one place: not a turning away
// (a shop verifying nothing passed JY-MRD-01 on it).
test("a redirect to another order's page of the same kind is no turning away", () => {
  const genuine = to('/orders/3f2a9c1e-4b5d-11ee-8c90-0242ac120002/status');
  for (const l of [
    '/orders/9b1d0c7e-77aa-4e21-9f3b-1c2d3e4f5a6b/status',
    '/orders/5f0c2a9d81e44b7fa0c3d2e1b6a79c88/status', // a UUID without dashes
    'https://127.0.0.1/orders/3f2a9c1e-4b5d-11ee-8c90-0242ac120002/status?x=1',
  ])
    expect(turnedAway(to(l), genuine), l).toBe(false);
  expect(turnedAway(to('/payment/failed'), genuine)).toBe(true);
  expect(turnedAway(to('/orders/8002002/thanks'), to('/orders/8002001/thanks'))).toBe(false);
  expect(turnedAway(to('/orders/8002002/failed'), to('/orders/8002001/thanks'))).toBe(true);
});
