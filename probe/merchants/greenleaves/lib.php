<?php
// Greenleavespay g2g callback helpers, written from seed 001 + the vendor PG_Signature approach.
// Config via env: GL_SECRET, GL_STORE (json file), GL_BUG (one injected defect for probing).

const GL_DEFAULT_SECRET = 's3cr3tKey';

function gl_secret() { return getenv('GL_SECRET') ?: GL_DEFAULT_SECRET; }
function gl_bug($name) { return getenv('GL_BUG') === $name; }

// vendor approach: flatten with 3-digit position suffix, ksort, script;values;secret, md5
function makeFlatParamsArray($arrParams, $parent_name = '')
{
    $arrFlatParams = array();
    $i = 0;
    foreach ($arrParams as $key => $val) {
        $i++;
        if ('pg_sig' == $key) {
            continue;
        }
        $name = $parent_name . $key . sprintf('%03d', $i);
        if (is_array($val)) {
            $arrFlatParams = array_merge($arrFlatParams, makeFlatParamsArray($val, $name));
            continue;
        }
        $arrFlatParams += array($name => (string)$val);
    }
    return $arrFlatParams;
}

function gl_make_sig($scriptName, $params, $secret)
{
    $flat = makeFlatParamsArray($params);
    ksort($flat);
    array_unshift($flat, $scriptName);
    array_push($flat, $secret);
    return md5(implode(';', $flat));
}

function gl_script_name()
{
    $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    return basename($path);
}

function xml_to_array(SimpleXMLElement $el)
{
    $out = array();
    foreach ($el->children() as $name => $child) {
        if ($child->count() > 0) {
            $out[$name] = xml_to_array($child);
        } else {
            $out[$name] = (string)$child;
        }
    }
    return $out;
}

// read the call whatever pg_request_method the shop set: GET query, POST form (multipart or urlencoded), or pg_xml
function gl_read_request()
{
    $params = $_SERVER['REQUEST_METHOD'] === 'GET' ? $_GET : $_POST;
    if (isset($params['pg_xml'])) {
        $xml = @simplexml_load_string($params['pg_xml']);
        if ($xml === false) {
            return null;
        }
        return xml_to_array($xml);
    }
    return $params;
}

function gl_check_sig($params)
{
    if (gl_bug('nosig')) {
        return true;
    }
    if (!isset($params['pg_sig'])) {
        return false;
    }
    $expected = gl_make_sig(gl_script_name(), $params, gl_secret());
    return hash_equals($expected, (string)$params['pg_sig']);
}

function gl_answer($status, $description)
{
    $salt = bin2hex(random_bytes(8));
    $fields = array('pg_status' => $status, 'pg_description' => $description, 'pg_salt' => $salt);
    $sig = gl_make_sig(gl_script_name(), $fields, gl_secret());
    if (gl_bug('badsig')) {
        $sig = md5($salt);
    }
    if (gl_bug('upperhex')) {
        $sig = strtoupper($sig);
    }
    $style = getenv('GL_STYLE') ?: 'simplexml';
    if ($style === 'dom') {
        // seed-like: encoding declared, indented; text/xml; extra shop field (signed, as the digest allows)
        $fields['shop_order'] = isset($GLOBALS['gl_order_id']) ? $GLOBALS['gl_order_id'] : '';
        $sig = gl_make_sig(gl_script_name(), $fields, gl_secret());
        $doc = new DOMDocument('1.0', 'utf-8');
        $doc->formatOutput = true;
        $root = $doc->appendChild($doc->createElement('response'));
        foreach ($fields as $k => $v) {
            $root->appendChild($doc->createElement($k))->appendChild($doc->createTextNode($v));
        }
        $root->appendChild($doc->createElement('pg_sig', $sig));
        header('Content-Type: text/xml; charset=utf-8');
        echo $doc->saveXML();
    } elseif ($style === 'echo') {
        // hand-written template, Windows line endings, UTF-8 BOM from an editor, no header set
        echo "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<response>\r\n\t<pg_status>$status</pg_status>\r\n"
            . "\t<pg_description>" . htmlspecialchars($description, ENT_XML1) . "</pg_description>\r\n"
            . "\t<pg_salt>$salt</pg_salt>\r\n\t<pg_sig>$sig</pg_sig>\r\n</response>\r\n";
    } else {
        $xml = new SimpleXMLElement('<response/>');
        foreach ($fields as $k => $v) {
            $xml->addChild($k, htmlspecialchars($v));
        }
        $xml->addChild('pg_sig', $sig);
        echo $xml->asXML();
    }
    exit;
}

// --- tiny order store (json file, flock) ---
function store_open()
{
    $file = getenv('GL_STORE') ?: __DIR__ . '/store.json';
    $fh = fopen($file, 'c+');
    flock($fh, LOCK_EX);
    $raw = stream_get_contents($fh);
    $data = $raw ? json_decode($raw, true) : null;
    if (!$data) {
        $data = array('orders' => array(), 'answers' => array());
    }
    return array($fh, $data);
}

function store_close($fh, $data)
{
    ftruncate($fh, 0);
    rewind($fh);
    fwrite($fh, json_encode($data, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT));
    fflush($fh);
    flock($fh, LOCK_UN);
    fclose($fh);
}
