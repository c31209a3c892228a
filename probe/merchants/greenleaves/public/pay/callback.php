<?php
// one URL for both callbacks, as many shops do: a check_url call has no pg_result (digest §3.6)
$fields = $_SERVER['REQUEST_METHOD'] === 'GET' ? $_GET : $_POST;
$isResult = isset($fields['pg_result']) || (isset($fields['pg_xml']) && strpos($fields['pg_xml'], '<pg_result>') !== false);
require __DIR__ . ($isResult ? '/result.php' : '/check.php');
