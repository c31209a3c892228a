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

/** Step 3: the card page of the browser flow. */
export function paymentPage(
  lang: Language,
  action: string,
  o: { order: string; amount: string; currency: string; desc: string },
): Outgoing {
  const t = T[lang];
  return html(
    page(
      lang,
      t.pay,
      `<p id="order" data-order="${esc(o.order)}">${esc(o.desc)}: ${esc(o.amount)} ${esc(o.currency)}</p>
<form id="card" method="post" action="${esc(action)}">
<label>${t.pan} <input type="text" name="card_pan" autocomplete="cc-number" value=""></label>
<label>${t.exp} <input type="text" name="card_exp" autocomplete="cc-exp" value=""></label>
<label>${t.cvc} <input type="password" name="card_cvc" autocomplete="cc-csc" value=""></label>
<button type="submit">${t.submit}</button>
</form>`,
    ),
  );
}

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
