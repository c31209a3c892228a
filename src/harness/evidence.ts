import { redact, redactText } from './redact.ts';

/** One HTTP exchange as evidence. Bodies are text (binary bodies are summarised). */
export interface Exchange {
  at: string;
  direction: 'sent' | 'received';   // sent: the suite called the subject; received: the subject called the suite
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  ms?: number;
  error?: string;
  note?: string;
}

const KEEP = 24;

/** Keeps the most recent exchanges of a check, redacted at the moment they are stored. */
export class EvidenceLog {
  private items: Exchange[] = [];
  total = 0;

  add(x: Exchange): void {
    this.total++;
    this.items.push(redactExchange(x));
    if (this.items.length > KEEP) this.items.shift();
  }

  /** Marks where the replay of a failing property case starts, so readers find it. */
  mark(note: string): void {
    this.add({ at: new Date().toISOString(), direction: 'sent', method: '-', url: '-', requestHeaders: {}, note });
  }

  list(): Exchange[] {
    return [...this.items];
  }
}

const HIDDEN_HEADERS = /^(authorization|cookie|set-cookie|proxy-authorization)$/i;

export function redactExchange(x: Exchange): Exchange {
  const headers = (h?: Record<string, string>) =>
    h && Object.fromEntries(Object.entries(h).map(([k, v]) => [k, HIDDEN_HEADERS.test(k) ? '[removed]' : redactText(v)]));
  return redact({
    ...x,
    url: redactText(x.url),
    requestHeaders: headers(x.requestHeaders) ?? {},
    responseHeaders: headers(x.responseHeaders),
    requestBody: x.requestBody === undefined ? undefined : redactText(x.requestBody),
    responseBody: x.responseBody === undefined ? undefined : redactText(x.responseBody),
    error: x.error === undefined ? undefined : redactText(x.error),
  });
}

/** Plain-text rendering of exchanges for reports (already redacted). */
export function renderExchanges(list: Exchange[]): string {
  return list
    .map((x) => {
      if (x.note && x.method === '-') return `### ${x.note}`;
      const lines = [`${x.direction === 'sent' ? '>>' : '<<'} ${x.method} ${x.url}  (${x.at}${x.ms !== undefined ? `, ${x.ms} ms` : ''})`];
      for (const [k, v] of Object.entries(x.requestHeaders)) lines.push(`   ${k}: ${v}`);
      if (x.requestBody) lines.push(`   ${x.requestBody}`);
      if (x.error) lines.push(`   !! ${x.error}`);
      if (x.status !== undefined) {
        lines.push(`   -> ${x.status}`);
        for (const [k, v] of Object.entries(x.responseHeaders ?? {})) lines.push(`   ${k}: ${v}`);
        if (x.responseBody) lines.push(`   ${x.responseBody.length > 4000 ? `${x.responseBody.slice(0, 4000)}…` : x.responseBody}`);
      }
      return lines.join('\n');
    })
    .join('\n\n');
}
