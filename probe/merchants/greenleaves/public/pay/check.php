<?php
require __DIR__ . '/../../lib.php';

$req = gl_read_request();
if ($req === null) {
    gl_answer('error', 'Не удалось разобрать запрос');
}
if (!gl_check_sig($req)) {
    if (getenv('GL_BADSIG') === 'http400') {
        http_response_code(400);
        exit("Bad signature\n");
    }
    gl_answer(getenv('GL_BADSIG') === 'rejected' ? 'rejected' : 'error', 'Неверная подпись');
}
$orderId = isset($req['pg_order_id']) ? $req['pg_order_id'] : '';
$GLOBALS['gl_order_id'] = $orderId;
list($fh, $db) = store_open();
$order = isset($db['orders'][$orderId]) ? $db['orders'][$orderId] : null;
store_close($fh, $db);

if ($order === null) {
    gl_answer('rejected', 'Заказ не найден');
}
if ($order['state'] === 'expired') {
    gl_answer('rejected', 'Срок заказа истек');
}
if ($order['state'] === 'paid' && $order['payment_id'] !== $req['pg_payment_id']) {
    gl_answer('rejected', 'Заказ уже оплачен');
}
if ((float)$req['pg_amount'] != (float)$order['amount'] || $req['pg_currency'] !== $order['currency']) {
    gl_answer('rejected', 'Неверная сумма');
}
gl_answer('ok', 'Заказ доступен для оплаты');
