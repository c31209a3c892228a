// A command's TypeScript modules bundled into plain ES modules (an entry and the chunks its dynamic
// imports load), kept between processes.
//
// `paycert sdk-adapter` is started once per SDK run (and once per SDK defect by the meta-tests, about
// fifty times in npm test). Through tsx each start loaded ~55 modules, each a round trip to tsx's
// loader thread: ~1.9 CPU-s a start, ~0.65 CPU-s as one bundle. The bundle is built with esbuild
// (tsx's own transformer) the first time and again whenever one of its source files changed: the
// manifest lists every input with a hash of its content and is checked at each start (a few ms).
// It lives in node_modules/.cache/paycert-bundles (the installer's own directory, as vitest's module
// cache; never a shared temp directory another user could write code into), and only when that is
// writable. Whatever goes wrong (no esbuild, no write access, a failed build), the caller falls back
// to running the sources through tsx, so a bundle can only make a start faster, never change it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'paycert-bundles');
const sha = (data) => createHash('sha256').update(data).digest('hex').slice(0, 32);
const BUILDER = sha(readFileSync(fileURLToPath(import.meta.url)));

/** Each source's `import.meta.url` in the bundle: the URL of that source in this checkout, as when
 *  it runs through tsx (src/spec/paths.ts's ROOT, createRequire in src/spec/ajv.ts and
 *  src/report/html.ts, src/version.ts's package.json resolve from this checkout, wherever the bundle
 *  file lives). The build rewrites `import.meta.url` to a call of this function with the source's
 *  path and refuses any other use of import.meta. */
const metaUrl = (file) => pathToFileURL(join(ROOT, file)).href;

function fresh(manifestPath) {
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const [file, hash] of Object.entries(m.inputs))
      if (sha(readFileSync(join(ROOT, file))) !== hash) return undefined;
    readFileSync(join(CACHE, m.bundle)); // still there
    return join(CACHE, m.bundle);
  } catch {
    return undefined;
  }
}

/** The sources `options` names bundled into CACHE/<hash>/, recorded in manifestPath (each input with
 *  the hash of its text, as esbuild compiled it). `rewrite(path, text)` gives a module's text with
 *  its `import.meta.url` replaced (and throws on any other use of import.meta). */
async function build(manifestPath, key, options, main, rewrite) {
  const { build: esbuild } = await import('esbuild');
  // the hash of each source as esbuild compiled it (not as read again afterwards: an edit during the
  // build must make the next start build again, never be taken for what the bundle holds)
  const inputs = {};
  const hashed = {
    name: 'hashed',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const file = relative(ROOT, args.path).split(sep).join('/');
        const contents = rewrite(args.path, file, text);
        // (a CommonJS file cannot use import.meta: one there is in a string)
        if (!args.path.endsWith('.cjs') && contents.includes('import.meta'))
          throw new Error(`${file} uses import.meta other than its url: not bundled`);
        inputs[file] = sha(text);
        return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
  const OUT = join(CACHE, '.out');
  const r = await esbuild({
    ...options,
    absWorkingDir: ROOT,
    bundle: true,
    outdir: OUT,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [hashed],
    logLevel: 'silent',
  });
  const files = r.outputFiles.map((f) => ({ name: relative(OUT, f.path), text: f.text }));
  const name = sha(JSON.stringify(files));
  mkdirSync(CACHE, { recursive: true });
  // written in a directory of this process's, then renamed: a concurrent start reads a whole bundle
  // or none (one that another start renamed first has the same content: its name is its hash)
  const tmp = join(CACHE, `.${process.pid}.${name}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  for (const f of files) writeFileSync(join(tmp, f.name), f.text);
  try {
    renameSync(tmp, join(CACHE, name));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    readFileSync(join(CACHE, name, main)); // there already, whole
  }
  writeFileSync(
    `${manifestPath}.${process.pid}`,
    JSON.stringify({ entry: key, root: ROOT, inputs, bundle: `${name}/${main}` }),
  );
  renameSync(`${manifestPath}.${process.pid}`, manifestPath);
  pruneBundles();
  return join(CACHE, name, main);
}

const WEEK_MS = 7 * 24 * 3600_000;

/** Each edit of a source leaves a bundle behind (~0.8 MB; a day of work left ~100): after a build,
 *  the bundles no manifest names that were built over `keepMs` ago are removed, and the manifests
 *  that old whose checkout is gone (a deleted worktree) or unknown. A process that started from a bundle since
 *  replaced loads its chunks lazily, hence the week. */
export function pruneBundles(dir = CACHE, keepMs = WEEK_MS, now = Date.now()) {
  try {
    const old = (f) => now - statSync(join(dir, f)).mtimeMs > keepMs;
    const named = new Set();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      try {
        const m = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        if (old(f) && !(m.root && statSync(m.root, { throwIfNoEntry: false }))) rmSync(join(dir, f));
        else named.add(String(m.bundle).split('/')[0]);
      } catch {
        /* being written, or not ours: left */
      }
    }
    for (const f of readdirSync(dir))
      if (!f.startsWith('.') && !f.endsWith('.json') && !named.has(f) && old(f))
        rmSync(join(dir, f), { recursive: true, force: true });
  } catch {
    /* a cache that cannot be pruned is only bigger */
  }
}

/** Our sources, split at the dynamic imports: `src/cli/main.ts` serves every command, and each loads
 *  only its own modules' chunks (`list` the registry, `sandbox` the references), as it does through
 *  tsx. Packages stay where they are; each source's import.meta.url is its own (metaUrl). */
const sourcesBuild = (entry, manifestPath) =>
  build(
    manifestPath,
    entry,
    {
      entryPoints: [join(ROOT, entry)],
      splitting: true,
      entryNames: '[name]',
      chunkNames: 'chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      packages: 'external',
    },
    `${basename(entry).replace(/\.[cm]?[jt]s$/, '')}.mjs`,
    (_path, file, text) => text.replaceAll('import.meta.url', `globalThis.__paycertMetaUrl(${JSON.stringify(file)})`),
  );

/** The bundle of `entry` (a path from the checkout's root), built if it is missing or any of its
 *  sources changed; undefined when it cannot be built or kept. */
export async function bundleFor(entry) {
  // one manifest per checkout, entry and version of this builder: worktrees sharing node_modules keep
  // theirs apart, and a bundle built the way an older builder did is never taken for a fresh one
  const manifestPath = join(CACHE, `${sha(`${ROOT}\0${entry}\0${BUILDER}`)}.json`);
  try {
    return fresh(manifestPath) ?? (await sourcesBuild(entry, manifestPath));
  } catch {
    return undefined;
  }
}

/** A command's modules that did not load (a package missing from node_modules, a module that throws
 *  as it is evaluated): one line and exit 4, as src/cli/errors.ts die() gives any other internal
 *  error (the stack with PAYCERT_DEBUG=1). Node printed the stack and exited 1, which README's exit
 *  table calls a failed rule. */
export function loadFailed(e) {
  const first = String(e?.message ?? e).split('\n')[0];
  // (one line whatever it quotes: terminalText's escapes for controls)
  const msg = first.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    JSON.stringify(c).slice(1, -1),
  );
  console.error(`paycert: internal error: ${msg} (set PAYCERT_DEBUG=1 for the stack)`);
  if (process.env.PAYCERT_DEBUG === '1') console.error(e?.stack ?? String(e));
  process.exit(4);
}

/** Run `entry` from its bundle: true when it was started, false when the caller should run the
 *  sources instead (PAYCERT_NO_BUNDLE=1 always does: the sources through tsx, for a comparison). A
 *  bundle that does not load is loadFailed's (the sources would not load either). */
export async function runBundled(entry) {
  const file = process.env.PAYCERT_NO_BUNDLE ? undefined : await bundleFor(entry);
  if (!file) return false;
  globalThis.__paycertMetaUrl = metaUrl;
  try {
    await import(pathToFileURL(file).href);
  } catch (e) {
    loadFailed(e);
  }
  return true;
}

/** `patches`: [path suffix, text, replacement] applied to the package files whose path ends so, where
 *  the text is found exactly once (a package version that differs is bundled as it is). */
function patched(path, text, patches) {
  for (const [suffix, from, to] of patches)
    if (path.split(sep).join('/').endsWith(suffix) && text.split(from).length === 2) text = text.replace(from, to);
  return text;
}

/** Installed packages bundled into one ES module, for a child that would otherwise load hundreds of
 *  their files each time (the Allure builder: ~1.1 CPU-s of module loading as files, ~0.4 as one).
 *  `source` is the entry's text: imports by absolute path and exports. Each package file keeps its
 *  own import.meta.url (what it reads beside itself: assets, its package.json, what it resolves),
 *  __dirname and __filename; one that uses another import.meta is not bundled. Undefined when it cannot be built
 *  or kept (the caller loads the packages as files). */
export async function packagesBundle(name, source, patches = []) {
  const manifestPath = join(
    CACHE,
    `${sha(`${ROOT}\0${name}\0${source}\0${JSON.stringify(patches)}\0${BUILDER}`)}.json`,
  );
  try {
    return (
      fresh(manifestPath) ??
      (await build(
        manifestPath,
        name,
        {
          stdin: { contents: source, resolveDir: ROOT, sourcefile: `${name}.mjs`, loader: 'js' },
          entryNames: name,
          outExtension: { '.js': '.mjs' },
          // CommonJS packages' own require() calls of what is not bundled (node's built-in modules)
          banner: {
            js: "import { createRequire as __paycertRequire } from 'node:module'; const require = __paycertRequire(import.meta.url);",
          },
        },
        `${name}.mjs`,
        (path, _file, raw) => {
          const text = patched(path, raw, patches);
          const own = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href));
          // a CommonJS file's __dirname and __filename: its own, as node gives them
          return /\b__(dirname|filename)\b/.test(text)
            ? `var __dirname = ${JSON.stringify(dirname(path))}, __filename = ${JSON.stringify(path)};\n${own}`
            : own;
        },
      ))
    );
  } catch {
    return undefined;
  }
}
