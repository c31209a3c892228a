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
$paymentId = isset($req['pg_payment_id']) ? $req['pg_payment_id'] : '';
$canReject = isset($req['pg_can_reject']) && $req['pg_can_reject'] == '1';

list($fh, $db) = store_open();
$key = 'result:' . $paymentId;
if (isset($db['answers'][$key]) && !gl_bug('norepeat') && !gl_bug('statebased')) {
    $a = $db['answers'][$key];
    store_close($fh, $db);
    gl_answer($a['status'], $a['description']);
}

$order = isset($db['orders'][$orderId]) ? $db['orders'][$orderId] : null;
if ($order === null) {
    $st = $canReject ? 'rejected' : 'error';
    $desc = 'Заказ не найден';
} elseif ($req['pg_result'] != '1') {
    $st = 'ok';
    $desc = 'Неуспешный платеж принят к сведению';
} elseif (!gl_bug('noamount') && ((float)$req['pg_amount'] != (float)$order['amount'] || $req['pg_currency'] !== $order['currency'])) {
    $st = $canReject ? 'rejected' : 'error';
    $desc = 'Сумма или валюта не совпадает с заказом';
} elseif ($order['state'] === 'expired' || ($order['state'] === 'paid' && $order['payment_id'] !== $paymentId)) {
    $st = ($canReject || gl_bug('alwaysreject')) ? 'rejected' : 'ok';
    $desc = $st === 'rejected' ? 'Бронь истекла, заказ не может быть выполнен' : 'Платеж принят';
} elseif (gl_bug('statebased') && $order['state'] === 'paid') {
    $st = 'ok';
    $desc = 'Заказ уже оплачен';
} else {
    $db['orders'][$orderId]['state'] = 'paid';
    $db['orders'][$orderId]['payment_id'] = $paymentId;
    $st = 'ok';
    $desc = 'Заказ оплачен';
}
if (gl_bug('norepeat') && isset($db['answers'][$key])) {
    $st = 'error';
    $desc = 'Повторный вызов';
}
$db['answers'][$key] = array('status' => $st, 'description' => $desc, 'at' => date('c'));
store_close($fh, $db);
gl_answer($st, $desc);
