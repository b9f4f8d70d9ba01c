<?php
// The monthly report: it holds its FPM child for REPORT_SECONDS (a slow query, in a real shop).
header('Content-Type: text/plain');
$seconds = (float) (getenv('REPORT_SECONDS') ?: 4);
error_log('building the sales report for ' . ($_GET['month'] ?? 'this month'));
usleep((int) ($seconds * 1000000));
echo "report ready\n";
