import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether `java` and `javac` are on PATH, found without starting them: `java -version` and `javac
 *  -version` are two JVM starts (~0.8 CPU-s together), paid by every file that asked at import.
 *  A JDK whose commands are there but do not run fails its cases instead of skipping them. */
export const hasJava = ['java', 'javac'].every(onPath);

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
