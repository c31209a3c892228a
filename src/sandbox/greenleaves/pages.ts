// HTML the sandbox shows a payer: hosted payment page, amount form, the ACS of a test issuer.
// Plain forms, so that a scripted payer (the suite's 'payer' capability) can fill them in.
import { escapeMarkup as esc } from '../../protocols/common/xml-text.ts';

export { esc };

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body>\n<h1>${esc(title)}</h1>\n${body}\n</body></html>\n`;
}

function input(name: string, value = '', type = 'text'): string {
  return `<label>${esc(name)} <input type="${type}" name="${esc(name)}" value="${esc(value)}"></label>`;
}

export function paymentForm(action: string, amount: string, currency: string, description: string): string {
  return page(
    'Оплата заказа',
    `<p>${esc(description)}: ${esc(amount)} ${esc(currency)}</p>
<form method="post" action="${esc(action)}">
${input('card_pan')}
${input('card_name')}
${input('card_month')}
${input('card_year')}
${input('card_cvc', '', 'password')}
${input('otp', '', 'password')}
<button type="submit">Оплатить</button>
</form>`,
  );
}

export function amountForm(action: string, from?: string, to?: string): string {
  const range = from || to ? `<p>от ${esc(from ?? '0.01')} до ${esc(to ?? '…')}</p>` : '';
  return page(
    'Введите сумму',
    `${range}<form method="post" action="${esc(action)}">
${input('amount')}
<button type="submit">Далее</button>
</form>`,
  );
}

/** The last page of the payment: the outcome and the way back to the shop, a link, or with `post`
 *  a form that posts those fields to `next` (pg_success_url_method / pg_failure_url_method POST). */
export function resultPage(ok: boolean, message: string, next?: string, post?: Array<[string, string]>): string {
  const back = !next
    ? ''
    : post
      ? `<form id="next" method="post" action="${esc(next)}">\n${post.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('\n')}\n<button type="submit">Вернуться в магазин</button>\n</form>`
      : `<a id="next" href="${esc(next)}">Вернуться в магазин</a>`;
  return page(
    ok ? 'Платеж проведен' : 'Платеж не проведен',
    `<p id="result" data-result="${ok ? 'ok' : 'failed'}">${esc(message)}</p>${back}`,
  );
}

export function acsForm(action: string, pareq: string, md: string, termUrl: string): string {
  return page(
    '3-D Secure',
    `<form method="post" action="${esc(action)}">
<input type="hidden" name="PaReq" value="${esc(pareq)}">
<input type="hidden" name="MD" value="${esc(md)}">
<input type="hidden" name="TermUrl" value="${esc(termUrl)}">
${input('password', '', 'password')}
<button type="submit">Подтвердить</button>
</form>`,
  );
}

/** What the ACS returns: a self-submitting form that posts PaRes and MD to the merchant's TermUrl. */
export function acsReturn(termUrl: string, pares: string, md: string): string {
  return page(
    '3-D Secure',
    `<form id="acs-return" method="post" action="${esc(termUrl)}">
<input type="hidden" name="PaRes" value="${esc(pares)}">
<input type="hidden" name="MD" value="${esc(md)}">
<noscript><button type="submit">Продолжить</button></noscript>
</form>
<script>document.getElementById('acs-return').submit();</script>`,
  );
}
