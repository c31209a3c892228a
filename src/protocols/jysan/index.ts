export * from './signature.ts';
export * from './card.ts';
export * from './xml.ts';
export * from './messages.ts';
export * from './form.ts';
