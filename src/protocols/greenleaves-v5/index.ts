export * from './jws.ts';
export * from './headers.ts';
export * from './uuid.ts';
export * from './endpoints.ts';
export * from './request.ts';
export * from './money.ts';
export * from './errors.ts';
export { b64urlDecodeStrict, b64urlEncode, toBytes } from './b64.ts';
export * from './callbacks.ts';
