// HTML the jysan sandbox shows the payer: the card page, the error page, the result page and the
// redirect to BACKREF. Plain markup with stable ids, so that a scripted payer and the reference
// client can read them (id="code", id="message", id="backref").
import type { Language } from '../../protocols/jysan/index.ts';
import { html, type Outgoing } from '../../reference/server.ts';
import { escapeMarkup as esc } from '../../protocols/common/xml-text.ts';

const T = {
  ru: {
    pay: 'Оплата заказа',
    pan: 'Номер карты',
    exp: 'Срок действия (MM/ГГ)',
    cvc: 'CVV/CVC',
    holder: 'Имя держателя карты',
    save: 'Запомнить карту',
    submit: 'Оплатить',
    error: 'Ошибка',
    code: 'Код ошибки',
    back: 'Вернуться в магазин',
    result: 'Результат оплаты',
  },
  en: {
    pay: 'Order payment',
    pan: 'Card number',
    exp: 'Expiry (MM/YY)',
    cvc: 'CVV/CVC',
    holder: 'Cardholder name',
    save: 'Remember the card',
    submit: 'Pay',
    error: 'Error',
    code: 'Error code',
    back: 'Back to the shop',
    result: 'Payment result',
  },
} as const;

export { esc };

function page(lang: Language, title: string, body: string): string {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body>\n<h1>${esc(title)}</h1>\n${body}\n</body></html>\n`;
}

function back(lang: Language, href: string | undefined): string {
  return href ? `\n<p><a id="backref" href="${esc(href)}">${T[lang].back}</a></p>` : '';
}

/** Step 3: the card page of the browser flow: the reference's, or (variant) one of a bank's own
 *  design: the expiry in two selects, the holder's name, a token of the page's own, a box left
 *  unchecked, names that say nothing but their autocomplete tokens (`pageToken`: the page's). */
export function paymentPage(
  lang: Language,
  action: string,
  o: { order: string; amount: string; currency: string; desc: string },
  design: 'reference' | 'split' = 'reference',
  pageToken = '',
): Outgoing {
  const t = T[lang];
  const fields =
    design === 'reference'
      ? `<label>${t.pan} <input type="text" name="card_pan" autocomplete="cc-number" value=""></label>
<label>${t.exp} <input type="text" name="card_exp" autocomplete="cc-exp" value=""></label>
<label>${t.cvc} <input type="password" name="card_cvc" autocomplete="cc-csc" value=""></label>`
      : `<input type="hidden" name="${SPLIT.token}" value="${esc(pageToken)}">
<label>${t.pan} <input type="tel" name="${SPLIT.pan}" autocomplete="cc-number" inputmode="numeric"></label>
<label>${t.exp} <select name="${SPLIT.month}"><option value="">--</option>${range(1, 12)
          .map((m) => `<option value="${m}">${String(m).padStart(2, '0')}</option>`)
          .join('')}</select>
<select name="${SPLIT.year}" autocomplete="cc-exp-year"><option value="">----</option>${range(2024, 2045)
          .map((y) => `<option>${y}</option>`)
          .join('')}</select></label>
<label>${t.cvc} <input type="password" name="${SPLIT.cvc}" autocomplete="off" maxlength="3"></label>
<label>${t.holder} <input type="text" name="${SPLIT.holder}"></label>
<label><input type="checkbox" name="${SPLIT.save}" value="1"> ${t.save}</label>`;
  return html(
    page(
      lang,
      t.pay,
      `<p id="order" data-order="${esc(o.order)}">${esc(o.desc)}: ${esc(o.amount)} ${esc(o.currency)}</p>
<form id="card" method="post" action="${esc(action)}">
${fields}
<button type="submit">${t.submit}</button>
</form>`,
    ),
  );
}

/** The names of the split design's controls: none a reader would know but by its autocomplete token
 *  (number), the page's (cvc2, exp_month) or a common spelling (cardholder). */
export const SPLIT = {
  token: 'form_token',
  pan: 'number',
  month: 'exp_month',
  year: 'year_of_expiry',
  cvc: 'cvc2',
  holder: 'cardholder',
  save: 'save_card',
} as const;

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** A refused request: the code and its message; the result link when it can be sent to BACKREF. */
export function errorPage(lang: Language, code: number, message: string, backref?: string): Outgoing {
  const t = T[lang];
  return html(
    page(
      lang,
      t.error,
      `<div id="error" data-code="${code}">
<p>${t.code}: <span id="code">${code}</span></p>
<p id="message">${esc(message)}</p>
</div>${back(lang, backref)}`,
    ),
  );
}

/** The end of a payment when BACKREF asks for no redirect (or there is none). */
export function resultPage(lang: Language, resCode: string, resDesc: string, backref?: string): Outgoing {
  return html(
    page(
      lang,
      T[lang].result,
      `<p id="result" data-res-code="${esc(resCode)}">${esc(resDesc)}</p>${back(lang, backref)}`,
    ),
  );
}

/** The GET redirect to BACKREF with the result (digest §A10): a 302 whose page carries the link too. */
export function redirectTo(lang: Language, url: string): Outgoing {
  const out = html(page(lang, T[lang].result, `<p><a id="backref" href="${esc(url)}">${T[lang].back}</a></p>`), 302);
  out.headers = { ...out.headers, location: url };
  return out;
}
