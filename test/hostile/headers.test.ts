import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeName } from '../support/routes.js';
import { cast, dustDevil, expectAnswerable, hit, hostileSuite, targeted, targetOf, urlOf, validQuery } from './targets.js';

/**
 * Whatever a phone, a captive Wi-Fi portal or a proxy puts in the headers
 * (odd content types, mangled credentials, idempotency keys of any length,
 * cookies and origins from nowhere), every route answers without a 5xx and
 * refuses with a problem document; a forged credential counts for nothing.
 */

hostileSuite('headers');

const RUNS = 25;

/** Where the caller's own session token goes in a generated cookie. */
const SESSION = '<session>';

const character = (codes: fc.Arbitrary<number>) => codes.map((code) => String.fromCharCode(code));
/** What an HTTP header value may carry: visible ASCII, spaces, tabs and Latin-1 (never CR, LF or NUL). */
const headerText = (maxLength: number) =>
  fc.string({ unit: character(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(0x09, 0xa0, 0xe9, 0xff))), maxLength });
const visible = (minLength: number, maxLength: number) => fc.string({ unit: character(fc.integer({ min: 0x21, max: 0x7e })), minLength, maxLength });

const hostileHeaders = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/JSON',
        'application/json;;;',
        'application/json, text/plain',
        'text/plain',
        'text/plain; charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=----x',
        'application/xml',
        'application/octet-stream',
        'application/problem+json',
        'application/vnd.api+json',
        '*/*',
        '',
        ';',
        'application/',
        '/json',
      ),
      headerText(60),
    ),
    accept: fc.oneof(fc.constantFrom('*/*', 'text/html', 'application/xml', 'text/event-stream', 'application/json;q=0', 'image/*;q=abc', ''), headerText(60)),
    'idempotency-key': fc.oneof(fc.constantFrom('', ' ', 'k'.repeat(8192)), headerText(200), visible(201, 400)),
    authorization: fc.oneof(
      visible(1, 80).map((s) => `Bearer ${s}`),
      fc.constantFrom('Basic x', `Basic ${Buffer.from('dana.producer@example.test:correct horse battery').toString('base64')}`, 'Bearer', 'Bearer ', 'Token abc', 'Bearer a b c', ''),
      fc.constant(`Bearer ${'A'.repeat(16_384)}`),
      headerText(80),
    ),
    origin: fc.oneof(fc.constantFrom('null', 'http://localhost:80', 'http://localhost', 'https://localhost:80', 'http://wifi-login.example', 'file://', 'http://[::1]:80', ''), headerText(60)),
    cookie: fc.oneof(
      fc.constantFrom('setbook_session=', 'setbook_session=%E0%A4%A', '=;;;=', `setbook_session=${SESSION}`, `setbook_session=a; setbook_session=${SESSION}`, '__proto__=1', 'constructor=1; toString=2'),
      visible(0, 40).map((s) => `setbook_session=${s}`),
      headerText(100),
    ),
    'last-event-id': fc.oneof(fc.nat().map(String), fc.constantFrom('-1', '1.5', '2147483648', 'NaN', ''), headerText(20)),
    host: fc.constantFrom('localhost:80', 'evil.example', 'localhost:99999', '[::1', 'a b', '127.0.0.1'),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x-unknown'),
    'accept-language': headerText(40),
    'user-agent': headerText(300),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1'),
    'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none', 'garbage'),
  },
  { requiredKeys: [] },
);

/** Credentials that look like a session and are not one: a real token mangled, or a password where a token goes. */
const forged = (token: string) =>
  fc.oneof(
    fc.record({ authorization: fc.constantFrom(`Bearer ${token}x`, `Bearer ${token.slice(1)}`, `Bearer ${token.slice(0, -1)}`, `Basic ${Buffer.from(`x:${token}`).toString('base64')}`) }),
    fc.record({ authorization: visible(1, 80).map((s) => `Bearer ${s}`) }),
    fc.record({ cookie: fc.constantFrom(`setbook_session=${token}x`, `setbook_session=${token.slice(1)}`, `setbook_session=${token.toUpperCase()}`, `session=${token}`) }),
    fc.record({ cookie: visible(1, 60).map((s) => `setbook_session=${s.replace(/[;"]/g, '')}`) }),
  );

/** A JSON body when the route takes one, sent as JSON unless the headers say otherwise. */
function request(headers: Record<string, string>, body: unknown) {
  return body === undefined ? { headers } : { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

describe.each(targeted.map((route) => ({ route, name: routeName(route) })))('$name', ({ route }) => {
  const target = targetOf(route);
  const bodies = () => target.body?.(dustDevil) ?? fc.constant(undefined);

  it('whatever headers arrive, answers without a 5xx, and every refusal is a problem document', async () => {
    await fc.assert(
      fc.asyncProperty(hostileHeaders, bodies(), async (headers, body) => {
        const token = await target.token();
        if (headers.cookie) headers.cookie = headers.cookie.replaceAll(SESSION, token ?? '');
        const res = await hit(route, urlOf(route, validQuery(route)), { token, stream: target.stream, ...request(headers, body) });
        expectAnswerable(res);
      }),
      { numRuns: RUNS },
    );
  });

  it('a forged or mangled credential counts for nothing: the answer is the one a caller without one gets', async () => {
    // On a public route, the producer's own session, mangled.
    const token = (await target.token()) ?? cast.producer.token;
    await fc.assert(
      fc.asyncProperty(forged(token), bodies(), async (credentials, body) => {
        const url = urlOf(route, validQuery(route));
        const res = await hit(route, url, { stream: target.stream, ...request(credentials, body) });
        const anonymous = await hit(route, url, { stream: target.stream, ...request({}, body) });
        expectAnswerable(res);
        expect(res.statusCode, `${JSON.stringify(credentials)}: ${res.body}`).toBe(anonymous.statusCode);
      }),
      { numRuns: RUNS },
    );
  });
});
