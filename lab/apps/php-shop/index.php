<?php
// A product page: quick, but it needs a free FPM child like every request.
header('Content-Type: text/plain');
$id = (int) ($_GET['id'] ?? 0);
echo "product $id\n";
