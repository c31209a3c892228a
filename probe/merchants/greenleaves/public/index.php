<?php
// CMS-style front controller: index.php?route=payment/greenleaves/result|check (script name "index.php")
$route = isset($_GET['route']) ? $_GET['route'] : '';
if ($route === 'payment/greenleaves/result') {
    require __DIR__ . '/pay/result.php';
} elseif ($route === 'payment/greenleaves/check') {
    require __DIR__ . '/pay/check.php';
} else {
    http_response_code(404);
    echo 'Not found';
}
