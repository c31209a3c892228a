import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from '../../../src/spec/paths.ts';
import { embeddedSubject, referenceKinds, startReference, subjectOf } from '../../../src/harness/reference.ts';
import { closeServed, served } from '../../../src/harness/embedded.ts';

// paycert run names its embedded references before any worker starts one (embeddedSubject), and
// each worker starts its own (served): what the run's config says of a reference must be what a
// started one says of itself, and the worker's subject must reach it.
const dir = mkdtempSync(join(tmpdir(), 'paycert-embedded-test-'));
afterAll(async () => {
  await closeServed();
  rmSync(dir, { recursive: true, force: true });
});

const cases = PROFILES.flatMap((p) => referenceKinds(p).map((k) => [p, k] as const));

describe.each(cases)('%s %s', (profile, kind) => {
  test('the config names what a started reference is; the worker serves it once', async () => {
    const named = embeddedSubject(profile, kind);
    expect(named.embedded).toBe(true);
    expect(named.controlUrl).toBeUndefined();
    const h = await startReference(profile, kind);
    const started = subjectOf(h, kind);
    await h.close();
    const { baseUrl: _b, controlUrl: _c, checkUrl: _k, declarationPath: _d, ...rest } = started;
    expect({ ...rest, embedded: true, baseUrl: named.baseUrl }).toEqual(named);

    const mine = await served(named, dir);
    expect(mine.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const info = (await (await fetch(`${mine.controlUrl}/info`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ profile, role: kind === 'sdk' ? 'gateway' : kind, capabilities: named.capabilities });
    expect((await served(named, dir)).controlUrl).toBe(mine.controlUrl);
    expect(!!mine.checkUrl).toBe(!!started.checkUrl);
    if (kind === 'merchant') {
      expect(mine.declarationPath!.startsWith(dir)).toBe(true);
      expect(existsSync(mine.declarationPath!)).toBe(true);
    }
  });
});

test('a subject that is not embedded is left as it is', async () => {
  const real = { ...embeddedSubject('jysan', 'gateway'), embedded: undefined, baseUrl: 'https://example.test' };
  expect(await served(real, dir)).toBe(real);
});

test('an embedded merchant without the run directory is refused, not stored elsewhere', async () => {
  await closeServed();
  const before = readdirSync(dir).sort();
  await expect(served(embeddedSubject('jysan', 'merchant'), undefined)).rejects.toThrow(/run directory/);
  expect(readdirSync(dir).sort()).toEqual(before);
});
