export * from './message.ts';
export * from './signature.ts';
export * from './form.ts';
export * from './xml.ts';
export * from './json-body.ts';
export * from './refusal.ts';
