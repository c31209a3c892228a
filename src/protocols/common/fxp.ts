import { createRequire } from 'node:module';
import type * as Fxp from 'fast-xml-parser';

// fast-xml-parser's CommonJS build: one file the package bundles from the same sources, ~20 CPU-ms
// to load, where its ES build is ~40 modules with @nodable/entities' (~110-160 CPU-ms), paid by every
// process that reads XML (each SDK adapter start, each test worker). fxp-build.test.ts holds the two
// builds to the same results with paycert's options.
const fxp = createRequire(import.meta.url)('fast-xml-parser') as typeof Fxp;

export const XMLParser = fxp.XMLParser;
export type XMLParser = Fxp.XMLParser;
export const XMLBuilder = fxp.XMLBuilder;
export type XMLBuilder = Fxp.XMLBuilder;
export type X2jOptions = Fxp.X2jOptions;
export type XmlBuilderOptions = Fxp.XmlBuilderOptions;
