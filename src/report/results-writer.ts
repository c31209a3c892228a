import { randomUUID } from 'node:crypto';
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import { makeDir } from './make-dir.ts';
import { perRule } from './allure-per-rule.ts';

type Args<K extends keyof Writer> = Parameters<Writer[K]>;

/** allure-results as allure-js-commons' FileSystemWriter writes them (the same names and content,
 *  each under a temporary name and then renamed, so the report child never lists half a file), but
 *  without its fsync per file and its mkdir per file. That writer runs in `paycert run`'s main
 *  process, whose event loop also serves every embedded reference: ~650 fsynced files per
 *  `--profile all` run blocked it for seconds in all. The results are an intermediate the same run
 *  turns into its HTML report; a crash loses the run, not a durable record (the certificate is the
 *  record, and its writer keeps its own durability). */
export class ResultsWriter implements Writer {
  private made = false;

  constructor(private readonly dir: string) {}

  /** A check's result is written as one result per rule it cites (allure-per-rule.ts). */
  writeResult(...[result]: Args<'writeResult'>): void {
    for (const r of perRule(result)) this.put(`${r.uuid}-result.json`, JSON.stringify(r));
  }

  writeGroup(...[group]: Args<'writeGroup'>): void {
    this.put(`${group.uuid}-container.json`, JSON.stringify(group));
  }

  writeAttachment(...[name, content]: Args<'writeAttachment'>): void {
    this.put(name, content);
  }

  writeAttachmentFromPath(...[name, from]: Args<'writeAttachmentFromPath'>): void {
    this.publish(name, (temp) => copyFileSync(from, temp));
  }

  writeEnvironmentInfo(...[info]: Args<'writeEnvironmentInfo'>): void {
    this.put('environment.properties', stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(...[categories]: Args<'writeCategoriesDefinitions'>): void {
    this.put('categories.json', JSON.stringify(categories));
  }

  writeGlobals(...[name, info]: Args<'writeGlobals'>): void {
    this.put(name, JSON.stringify(info));
  }

  private put(name: string, data: string | Buffer): void {
    this.publish(name, (temp) => writeFileSync(temp, data));
  }

  private publish(name: string, write: (temp: string) => void): void {
    if (!this.made) {
      makeDir(this.dir);
      this.made = true;
    }
    const temp = join(this.dir, `.allure-write-${randomUUID()}.tmp`);
    try {
      write(temp);
      renameSync(temp, join(this.dir, name));
    } catch (e) {
      rmSync(temp, { force: true });
      throw e;
    }
  }
}
