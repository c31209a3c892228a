import { expect, test } from 'vitest';
import { controlThrough } from '../../../src/harness/edge-page.ts';

// The control call after an edge's bare 403 (the URL alone): only an answer that got past the edge says the
// 403 was for the call's content. A control refused itself (a firewall's block page, the edge's 403, a login,
// a rate limit) is no such answer: wallPage alone let a firewall's page count as through.
const page = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`;

test.each([
  [
    'a firewall block page',
    {
      status: 403,
      text: page('Attention Required! | Cloudflare', '<h1>Sorry, you have been blocked</h1> Cloudflare Ray ID: 1'),
    },
  ],
  [
    "the edge's bare 403",
    { status: 403, text: page('403 Forbidden', '<h1>403 Forbidden</h1><hr><center>nginx</center>') },
  ],
  ['a login', { status: 401, headers: { 'www-authenticate': 'Basic realm="staging"' }, text: 'no' }],
  ['a rate limit', { status: 429, text: 'slow down' }],
  ['a bare 403', { status: 403, text: 'forbidden' }],
  ['a 502', { status: 502, text: 'bad gateway' }],
])('a control answered with %s did not get through', (_name, r) => {
  expect(controlThrough(r)).toBe(false);
});

test.each([
  ['a 200', { status: 200, text: 'OK' }],
  ['a redirect', { status: 302, headers: { location: '/' }, text: '' }],
  [
    "the shop's own 400",
    { status: 400, text: '<?xml version="1.0"?><response><pg_status>error</pg_status></response>' },
  ],
])('a control answered with %s got through', (_name, r) => {
  expect(controlThrough(r)).toBe(true);
});

// A Jysan BACKREF refuses a call without a result itself, at times with a 403 page of its own: that got
// through (own: [401, 403]); the edge's pages and a rate limit still did not
test.each([
  ["the shop's own 403 page", { status: 403, text: page('Подпись результата неверна', '<h1>Подпись</h1>') }, true],
  [
    'a firewall block page',
    {
      status: 403,
      text: page('Attention Required! | Cloudflare', '<h1>Sorry, you have been blocked</h1> Cloudflare Ray ID: 1'),
    },
    false,
  ],
  [
    "the edge's bare 403",
    { status: 403, text: page('403 Forbidden', '<h1>403 Forbidden</h1><hr><center>nginx</center>') },
    false,
  ],
  ['a login', { status: 401, headers: { 'www-authenticate': 'Basic realm="staging"' }, text: 'no' }, false],
  ['a rate limit', { status: 429, text: 'slow down' }, false],
])('with the shop answering 401/403 itself, a control answered with %s got through: %s', (_name, r, through) => {
  expect(controlThrough(r, [401, 403])).toBe(through);
});
