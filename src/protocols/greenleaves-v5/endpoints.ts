/** The three g2g URLs and the X-Action names (digest §B4). */

export const V5_PATHS = {
  create: '/v5/g2g/create',
  read: '/v5/g2g/read',
  edit: '/v5/g2g/edit',
} as const;

export type V5Path = (typeof V5_PATHS)[keyof typeof V5_PATHS];
export type V5Operation = 'create' | 'status' | 'reverse' | 'refund' | 'clearing';

export interface ActionSpec {
  action: string;
  path: V5Path;
  /** true: the name is published (digest §B4 [P]); false: inferred from the gateway.<object>.<verb> pattern. */
  published: boolean;
  rule: string;
  /** Request body schema under specs/greenleaves-v5/schemas/ (a JSON pointer into edit-request for edit actions). */
  schema: string;
}

export const V5_ACTIONS: Record<V5Operation, ActionSpec> = {
  create: {
    action: 'gateway.payment.create',
    path: V5_PATHS.create,
    published: false,
    rule: 'V5-ACT-03',
    schema: 'create-request.schema.json',
  },
  status: {
    action: 'gateway.payment.status',
    path: V5_PATHS.read,
    published: true,
    rule: 'V5-ACT-01',
    schema: 'read-request.schema.json',
  },
  reverse: {
    action: 'gateway.payment.reverse',
    path: V5_PATHS.edit,
    published: true,
    rule: 'V5-ACT-02',
    schema: 'edit-request.schema.json#/$defs/reverse',
  },
  refund: {
    action: 'gateway.payment.refund',
    path: V5_PATHS.edit,
    published: false,
    rule: 'V5-ACT-04',
    schema: 'edit-request.schema.json#/$defs/refund',
  },
  clearing: {
    action: 'gateway.payment.clearing',
    path: V5_PATHS.edit,
    published: false,
    rule: 'V5-ACT-04',
    schema: 'edit-request.schema.json#/$defs/clearing',
  },
};

/** The operation an (X-Action, path) pair selects, or undefined when the action is unknown or belongs to another URL. */
export function operationFor(path: string, action: string): V5Operation | undefined {
  for (const [op, spec] of Object.entries(V5_ACTIONS) as [V5Operation, ActionSpec][]) {
    if (spec.action === action && spec.path === path) return op;
  }
  return undefined;
}

/** The path prefix of a gateway's base URL ("" for none): `https://host/sandbox/api/` → "/sandbox/api". */
export function pathPrefix(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** The JWS header's uri of a request to the API path `path`. Seed 000 line 34, "uri | The path to the
 *  API endpoint being called", read beside line 15 "{domain}/v5/g2g/create", allows two readings behind
 *  a path prefix: the API path (a proxy strips the prefix: the default) or the full path called, prefix
 *  included (`prefix`). src/cli/preflight.ts finds which one a gateway takes. */
export const signedUri = (path: string, prefix = ''): string => `${prefix}${path}`;

/** Forces the JWS uri's reading behind a --target path prefix: api-path or full-path (src/cli/preflight.ts). */
export const JWS_URI_VAR = 'PAYCERT_GREENLEAVES_V5_JWS_URI';
