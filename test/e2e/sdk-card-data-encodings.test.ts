import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';
import { paycert } from './cli.ts';
import { cardDataByName, findingsIn, reportTexts, testCardData } from './scan.ts';

// Probe 26 (a Go g2g SDK): an SDK that sends its requests as multipart/form-data, or as XML in the single
// field pg_xml (GL-SDK-12 allows both), had pg_card_cvc, _month and _year shown in clear in every request
// of allure-results, and in evidence/ and certificate.html once a check failed: the bodies were redacted as
// raw text and only then decoded for display. The reference adapter's variants send so; a defect
// (skips-reply-verification, GL-SDK-04) makes a check fail, so that its evidence is written too.
const CVC = /(?:pg_card_cvc|card_cvc|crd_cvc|\bcvc)["'\]]?\s*(?::|=>|=|%3A|%3D)\W{0,6}(\d{3,4})\b/gi;

describe('card data of an SDK sending multipart or pg_xml reaches no report (probe 26)', () => {
  test.each([['posts-multipart'], ['posts-pg-xml']])('%s', (variant) => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-sdk-enc-'));
    try {
      const adapter = `'${process.execPath}' '${join(ROOT, 'bin', 'paycert.mjs')}' sdk-adapter --profile greenleaves --variant ${variant} --defect skips-reply-verification`;
      const r = paycert(['run', '--profile', 'greenleaves', '--subject', 'sdk', '--sdk', adapter, '--out', dir]);
      const out = r.stdout + r.stderr;
      expect(out).toMatch(/GL-SDK-04/); // the defect failed a check: its evidence is in the reports
      const texts = reportTexts(dir);
      // the requests were shown decoded, in the encoding the variant sends
      const attachments = texts.filter((x) => /allure-results\/.*attachment/.test(x.file)).map((x) => x.text);
      expect(attachments.join('\n')).toMatch(variant === 'posts-multipart' ? /multipart\/form-data/ : /pg_xml = </);
      expect(texts.some((x) => /^evidence\//.test(x.file.slice(dir.length + 1)))).toBe(true);
      expect(texts.some((x) => x.file.endsWith('certificate.html'))).toBe(true);
      expect(texts.some((x) => /pg_card_cvc/.test(x.text))).toBe(true); // card fields were exchanged
      const hits = findingsIn(texts, testCardData().pans, [CVC, cardDataByName()]);
      expect(hits.slice(0, 20)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scripts/probe/scan.ts', () => {
  test('a file instead of a directory: a one-line error, exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-scan-file-'));
    try {
      const file = join(dir, 'results.ndjson');
      writeFileSync(file, '{}\n');
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'probe', 'scan.ts'), file], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/not a directory/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('finds a CVC in XML, multipart and JSON, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-scan-forms-'));
    try {
      writeFileSync(join(dir, 'a.txt'), '<pg_card_cvc>123</pg_card_cvc>\n');
      writeFileSync(join(dir, 'b.txt'), 'name="pg_card_month"\r\n\r\n12\r\n');
      writeFileSync(join(dir, 'c.json'), '{"cvc":"123"}');
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'probe', 'scan.ts'), dir], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      for (const f of ['a.txt', 'b.txt', 'c.json']) expect(r.stdout).toContain(f);
      expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toContain('123'); // untouched
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
