import { describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemWriter, type Writer } from 'allure-js-commons/sdk/reporter';
import { ResultsWriter } from '../../../src/report/results-writer.ts';
import { AllureReporter } from '../../../src/report/allure-reporter.ts';

/** The calls a run makes, with awkward content (non-ASCII, bytes that are not UTF-8, properties). */
function feed(w: Writer, src: string): void {
  w.writeCategoriesDefinitions([{ name: 'Категория', matchedStatuses: ['failed' as never] }]);
  w.writeEnvironmentInfo({ 'a key=with:chars': 'значение\\n', plain: 'x' });
  w.writeResult({ uuid: 'u1', name: 'тест «1»', status: 'passed', steps: [] } as never);
  w.writeGroup({ uuid: 'g1', children: ['u1'], befores: [], afters: [] } as never);
  w.writeAttachment('a-attachment.txt', Buffer.from([0xff, 0x00, 0xd0, 0x9f, 0x0a]));
  w.writeAttachmentFromPath('b-attachment.json', src);
  w.writeGlobals('c-globals.json', { attachments: [], errors: [{ message: 'ошибка' }] } as never);
}

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('hex')]));
}

describe('ResultsWriter (allure-results without an fsync per file)', () => {
  test('writes the same files, byte for byte, as allure-js-commons FileSystemWriter, and no temporary file', () => {
    const base = mkdtempSync(join(tmpdir(), 'paycert-results-'));
    const src = join(base, 'src.json');
    writeFileSync(src, '{"κ":1}\n');
    feed(new FileSystemWriter({ resultsDir: join(base, 'theirs') }), src);
    feed(new ResultsWriter(join(base, 'ours', 'nested')), src);
    const theirs = files(join(base, 'theirs'));
    expect(Object.keys(theirs)).toHaveLength(7);
    expect(files(join(base, 'ours', 'nested'))).toEqual(theirs);
  });

  test('a write that fails leaves no temporary file and throws', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-results-'));
    const w = new ResultsWriter(dir);
    expect(() => w.writeAttachmentFromPath('x.txt', join(dir, 'missing'))).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("paycert's Allure reporter writes through it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-results-'));
    const reporter = new AllureReporter({ resultsDir: dir });
    reporter.onInit({ projects: [] } as never);
    const runtime = (reporter as unknown as { allureReporterRuntime: { writer: Writer } }).allureReporterRuntime;
    expect(runtime.writer).toBeInstanceOf(ResultsWriter);
  });
});
