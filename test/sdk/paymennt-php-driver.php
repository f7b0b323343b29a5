<?php
/**
 * Drives every call of PointCheckout's own PHP SDK (test/vendor-sdks/paymennt-php, unmodified) against the
 * simulator, the way docs/simulator.md tells a PHP developer to: the one-line ENV_URL_TEST edit (made here on a
 * temporary copy, so the vendored tree stays as published) and useTestEnvironment(true).
 *
 * Environment: SIM_URL (http://127.0.0.1:PORT), SIM_API_KEY, SIM_API_SECRET, RECEIVER_URL (a webhook receiver
 * whose GET /received lists what it got: [{ body: base64 raw body, signature: X-PointCheckout-Signature }]).
 * Prints one line per call, `PASS <call>` or `FAIL <call>: <why>`, and exits 1 if any failed.
 * Any PHP warning or notice (e.g. "Undefined property" in the SDK's parsing) fails the call that raised it.
 */

declare(strict_types=1);

use Paymennt\PaymenntClient;
use Paymennt\checkout\CancelCheckoutRequest;
use Paymennt\checkout\CheckoutLookupRequest;
use Paymennt\checkout\GetCheckoutRequest;
use Paymennt\checkout\LinkCheckoutRequest;
use Paymennt\checkout\MobileCheckoutRequest;
use Paymennt\checkout\QRCheckoutRequest;
use Paymennt\checkout\RefundCheckoutRequest;
use Paymennt\checkout\WebCheckoutRequest;
use Paymennt\model\Address;
use Paymennt\model\Customer;
use Paymennt\model\Item;
use Paymennt\model\Totals;
use Paymennt\webhooks\CreateWebhookRequest;
use Paymennt\webhooks\DeleteWebhookRequest;
use Paymennt\webhooks\DisableWebhookRequest;
use Paymennt\webhooks\EnableWebhookRequest;
use Paymennt\webhooks\GetWebhookRequest;
use Paymennt\webhooks\TestWebhookRequest;
use Paymennt\webhooks\WebhookLookupRequest;

error_reporting(E_ALL);
set_error_handler(function (int $level, string $message, string $file, int $line): bool {
  // PHP 8.2 deprecations (dynamic properties) are not failures of the SDK's calls.
  if ($level === E_DEPRECATED || $level === E_USER_DEPRECATED) return true;
  throw new ErrorException($message, 0, $level, $file, $line);
});

function env(string $name): string {
  $value = getenv($name);
  if ($value === false || $value === '') {
    fwrite(STDERR, "missing environment variable $name\n");
    exit(2);
  }
  return $value;
}

$simUrl = rtrim(env('SIM_URL'), '/');
$apiKey = env('SIM_API_KEY');
$apiSecret = env('SIM_API_SECRET');
$receiverUrl = rtrim(env('RECEIVER_URL'), '/');

// --- The base-URL step of docs/simulator.md: ENV_URL_TEST points at the simulator. -----------------------
const VENDOR_TEST_URL = 'https://api.test.paymennt.com/mer/v2.0/';
$vendored = __DIR__ . '/../vendor-sdks/paymennt-php/src';
$sdk = sys_get_temp_dir() . '/paymennt-php-' . getmypid();
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($vendored, FilesystemIterator::SKIP_DOTS));
foreach ($files as $file) {
  $target = $sdk . substr($file->getPathname(), strlen($vendored));
  if (!is_dir(dirname($target))) mkdir(dirname($target), 0700, true);
  copy($file->getPathname(), $target);
}
register_shutdown_function(function () use ($sdk): void {
  $all = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($sdk, FilesystemIterator::SKIP_DOTS), RecursiveIteratorIterator::CHILD_FIRST);
  foreach ($all as $entry) $entry->isDir() ? rmdir($entry->getPathname()) : unlink($entry->getPathname());
  rmdir($sdk);
});
$clientFile = "$sdk/PaymenntClient.php";
$source = file_get_contents($clientFile);
if (substr_count($source, VENDOR_TEST_URL) !== 1) {
  fwrite(STDERR, "ENV_URL_TEST not found exactly once in PaymenntClient.php: the SDK changed\n");
  exit(2);
}
file_put_contents($clientFile, str_replace(VENDOR_TEST_URL, "$simUrl/mer/v2.0/", $source));

// PSR-4 for "Paymennt\\" => src/, as the SDK's composer.json declares (no third-party dependency).
spl_autoload_register(function (string $class) use ($sdk): void {
  if (strncmp($class, 'Paymennt\\', 9) !== 0) return;
  $path = $sdk . '/' . str_replace('\\', '/', substr($class, 9)) . '.php';
  if (is_file($path)) require_once $path;
});

// --- A tiny harness. --------------------------------------------------------------------------------------
$failed = 0;
function check(string $call, callable $body): void {
  global $failed;
  try {
    $body();
    echo "PASS $call\n";
  } catch (Throwable $e) {
    $failed++;
    echo 'FAIL ' . $call . ': ' . get_class($e) . ': ' . str_replace("\n", ' ', $e->getMessage()) . "\n";
  }
}
function expect(bool $condition, string $what): void {
  if (!$condition) throw new RuntimeException("expected $what");
}
function same($actual, $expected, string $what): void {
  if ($actual !== $expected) throw new RuntimeException("expected $what to be " . var_export($expected, true) . ', got ' . var_export($actual, true));
}
/** The SDK's error for an API failure: a Paymennt\Exception whose message is the envelope's `error`. */
function refused(callable $call, string $message): void {
  try {
    $call();
  } catch (\Paymennt\Exception $e) {
    same($e->getMessage(), $message, 'the error message');
    return;
  }
  throw new RuntimeException("expected Paymennt\\Exception('$message')");
}
/** The documented workaround for the SDK's `bool` return type on webhook test/delete (the API answers the webhook). */
function succeededDespiteBoolReturnType(callable $call): void {
  try {
    $call();
  } catch (\TypeError $e) {
    expect(str_contains($e->getMessage(), 'must be of type bool'), 'the TypeError of the bool return type, got: ' . $e->getMessage());
    return;
  }
  throw new RuntimeException('expected the TypeError of the SDK\'s bool return type (the spec answers the webhook object)');
}
function http(string $method, string $url, ?string $body = null, array $headers = []): array {
  $ch = curl_init($url);
  curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_CUSTOMREQUEST => $method, CURLOPT_HTTPHEADER => $headers]);
  if ($body !== null) curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
  $text = curl_exec($ch);
  $status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
  curl_close($ch);
  return [$status, $text];
}
function simConfig(string $simUrl, bool $strict): void {
  [$status] = http('POST', "$simUrl/_sim/config", json_encode(['strict' => $strict]), ['Content-Type: application/json']);
  same($status, 200, 'the simulator config answer');
}

$run = getmypid() . '-' . time();
$client = (new PaymenntClient($apiKey, $apiSecret))->useTestEnvironment(true);

function customer(): Customer {
  $customer = new Customer();
  $customer->firstName = 'Ann';
  $customer->lastName = 'Lee';
  $customer->email = 'ann.lee@example.com';
  return $customer;
}
function address(): Address {
  $address = new Address();
  $address->name = 'Ann Lee';
  $address->address1 = '1 Palm Street';
  $address->city = 'Dubai';
  $address->country = 'AE';
  return $address;
}
function item(): Item {
  $item = new Item();
  $item->name = 'Lamp';
  $item->quantity = '1';
  $item->unitprice = '10.50';
  $item->linetotal = '10.50';
  return $item;
}

// --- Webhooks. --------------------------------------------------------------------------------------------
$hook = null;
check('createWebhook', function () use ($client, $receiverUrl, &$hook) {
  $request = new CreateWebhookRequest();
  $request->address = "$receiverUrl/hook";
  $hook = $client->createWebhook($request);
  expect(preg_match('/^\d{19}$/', (string) $hook->id) === 1, 'a 19-digit webhook id');
  expect(preg_match('/^[0-9a-f]{64}$/', (string) $hook->hmacKey) === 1, 'a 64-hex hmacKey');
  same($hook->enabled, true, 'enabled');
});
check('webhookLookupRequest', function () use ($client, &$hook) {
  $request = new WebhookLookupRequest();
  $request->page = 0;
  $request->size = 20;
  $ids = array_map(fn($w) => $w->id, $client->webhookLookupRequest($request)->content ?? []);
  expect(in_array($hook->id, $ids, true), 'the new webhook in the list');
});
check('getWebhook', fn() => same($client->getWebhook($hook->id)->address, "$receiverUrl/hook", 'address'));
check('getWebhookRequest', function () use ($client, &$hook) {
  $request = new GetWebhookRequest();
  $request->webhookId = $hook->id;
  same($client->getWebhookRequest($request)->hmacKey, $hook->hmacKey, 'hmacKey');
});
check('disableWebhookRequest', function () use ($client, &$hook) {
  $request = new DisableWebhookRequest();
  $request->webhookId = $hook->id;
  same($client->disableWebhookRequest($request)->enabled, false, 'enabled');
});
check('enableWebhookRequest', function () use ($client, &$hook) {
  $request = new EnableWebhookRequest();
  $request->webhookId = $hook->id;
  same($client->enableWebhookRequest($request)->enabled, true, 'enabled');
});
check('testWebhookRequest (workaround: catch \\TypeError)', function () use ($client, &$hook) {
  $request = new TestWebhookRequest();
  $request->webhookId = $hook->id;
  succeededDespiteBoolReturnType(fn() => $client->testWebhookRequest($request));
});

// --- Checkouts. -------------------------------------------------------------------------------------------
$qr = null;
$link = null;
check('createQRCheckout', function () use ($client, $run, &$qr) {
  $request = new QRCheckoutRequest();
  $request->requestId = "php-qr-$run";
  $request->orderId = "PHP-QR-$run";
  $request->currency = 'AED';
  $request->amount = '10.50';
  $request->description = 'One lamp'; // required by /checkout/link, where this call posts
  $request->qrSize = '256';
  $request->expiresIn = '30';
  $request->customer = customer();
  $request->items = [item()];
  $totals = new Totals();
  $totals->subtotal = '10.50';
  $request->totals = $totals;
  $qr = $client->createQRCheckout($request);
  expect(preg_match('/^\d{19}$/', (string) $qr->id) === 1, 'a 19-digit checkout id');
  same($qr->status, 'PENDING', 'status');
  same($qr->amount, 10.5, 'amount');
  same($qr->usedPaymentMethod, null, 'usedPaymentMethod');
  expect(preg_match('/^\d{19}$/', (string) $qr->customer->id) === 1, "PointCheckout's customer id");
  same($qr->customer->email, 'ann.lee@example.com', 'customer.email');
  same($qr->base64QR, null, 'base64QR (the link answer has none)');
  expect(str_starts_with((string) $qr->redirectUrl, getenv('SIM_URL') . '/checkout/'), 'redirectUrl on the simulator');
});
check('createQRCheckout without description', function () use ($client, $run) {
  $request = new QRCheckoutRequest();
  $request->requestId = "php-nodesc-$run";
  $request->orderId = "PHP-ND-$run";
  $request->currency = 'AED';
  $request->amount = '5';
  refused(fn() => $client->createQRCheckout($request), 'description is required');
});
check('createLinkCheckout', function () use ($client, $run, &$link) {
  $request = new LinkCheckoutRequest();
  $request->requestId = "php-link-$run";
  $request->orderId = "PHP-LINK-$run";
  $request->currency = 'AED';
  $request->amount = '20';
  $request->description = 'Invoice 7';
  $request->sendEmail = false;
  $request->expiresIn = '60';
  $request->deliveryAddress = address();
  $link = $client->createLinkCheckout($request);
  same($link->status, 'PENDING', 'status');
  same($link->deliveryAddress->city, 'Dubai', 'deliveryAddress.city');
  same($link->deliveryAddress->zip, null, 'deliveryAddress.zip');
  same($link->customer, null, 'customer');
});
check('getCheckout', function () use ($client, &$qr) {
  $got = $client->getCheckout($qr->id);
  same($got->requestId, $qr->requestId, 'requestId');
  same($got->customer->id, $qr->customer->id, 'customer.id');
});
check('getCheckoutRequest', function () use ($client, &$link) {
  $request = new GetCheckoutRequest();
  $request->checkoutId = $link->id;
  same($client->getCheckoutRequest($request)->orderId, $link->orderId, 'orderId');
});
check('checkoutLookupRequest', function () use ($client, &$qr) {
  $request = new CheckoutLookupRequest();
  $request->customer = new Customer(); // the SDK reads customer->reference/email/phone unconditionally
  $request->orderId = $qr->orderId;
  $page = $client->checkoutLookupRequest($request);
  same(array_map(fn($c) => $c->id, $page->content ?? []), [$qr->id], 'exactly the checkout of that orderId');
  same($page->totalElements, 1, 'totalElements');
});
check('checkoutLookupRequest in strict mode', function () use ($client, $simUrl, &$qr) {
  $request = new CheckoutLookupRequest();
  $request->customer = new Customer();
  $request->orderId = $qr->orderId;
  simConfig($simUrl, true);
  try {
    $client->checkoutLookupRequest($request);
    throw new RuntimeException("expected strict mode to refuse the SDK's '/orderId' key");
  } catch (\Paymennt\Exception $e) {
    expect(str_starts_with($e->getMessage(), "Unknown query parameter '/orderId' (did you mean 'orderId'?)"), 'the 400 naming the key, got: ' . $e->getMessage());
  } finally {
    simConfig($simUrl, false);
  }
});

// The customer pays on the payment page (what a phone does after scanning), with the simulator's test card.
check('(customer pays on the payment page)', function () use ($client, &$qr) {
  $form = http_build_query(['cardNumber' => '4242 4242 4242 4242', 'expiry' => '12/39', 'cvv' => '123', 'cardName' => 'Ann Lee', 'terms' => 'on', 'lang' => 'en']);
  [$status] = http('POST', $qr->redirectUrl . '/pay', $form, ['Content-Type: application/x-www-form-urlencoded']);
  expect($status < 400, "the payment page to accept the card (HTTP $status)");
  $paid = $client->getCheckout($qr->id);
  same($paid->status, 'PAID', 'status');
  same($paid->usedPaymentMethod, 'CARD', 'usedPaymentMethod');
});
check('refundCheckoutRequest', function () use ($client, &$qr) {
  $request = new RefundCheckoutRequest();
  $request->checkoutId = $qr->id;
  $request->amount = '4.50';
  $request->currency = 'AED';
  $request->note = 'damaged lamp';
  $refunded = $client->refundCheckoutRequest($request);
  same($refunded->status, 'PARTIALLY_REFUNDED', 'status');
  same($refunded->totalRefunded, 4.5, 'totalRefunded');
});
check('cancelCheckoutRequest', function () use ($client, &$link) {
  $request = new CancelCheckoutRequest();
  $request->checkoutId = $link->id;
  same($client->cancelCheckoutRequest($request)->status, 'CANCELLED', 'status');
});
check('errors: wrong secret, unknown checkout', function () use ($client, $apiKey) {
  $wrong = (new PaymenntClient($apiKey, 'wrong-secret'))->useTestEnvironment(true);
  refused(fn() => $wrong->getCheckout('1'), 'Invalid API key or secret');
  refused(fn() => $client->getCheckout('1653241101733169556'), 'Checkout not found for API merchant');
});

// --- Webhook deliveries, verified as a PHP receiver would: hash_hmac over the raw body. -------------------
check('webhook signatures (hash_hmac sha256 of the raw body)', function () use ($receiverUrl, &$hook, &$qr, &$link) {
  $wanted = [[$qr->id, 'PAID'], [$qr->id, 'PARTIALLY_REFUNDED'], [$link->id, 'CANCELLED']];
  $deadline = microtime(true) + 20;
  do {
    [, $text] = http('GET', "$receiverUrl/received");
    $received = json_decode((string) $text, true) ?? [];
    $seen = [];
    foreach ($received as $delivery) {
      $raw = base64_decode($delivery['body'], true);
      $expected = hash_hmac('sha256', $raw, $hook->hmacKey);
      expect(hash_equals($expected, (string) $delivery['signature']), 'a valid X-PointCheckout-Signature on every delivery');
      expect(!hash_equals(hash_hmac('sha256', $raw . ' ', $hook->hmacKey), (string) $delivery['signature']), 'a changed body to fail');
      $result = json_decode($raw); // the body is the checkout (CheckoutResponse), as GET returns it
      if (isset($result->id, $result->status)) $seen[] = [$result->id, $result->status];
    }
    $missing = array_filter($wanted, fn($w) => !in_array($w, $seen, true));
    if (!$missing || microtime(true) > $deadline) break;
    usleep(100000);
  } while (true);
  same(array_values($missing), [], 'deliveries still missing');
  expect(count($received) > count($wanted), 'the test delivery too');
});
check('deleteWebhookRequest (workaround: catch \\TypeError)', function () use ($client, &$hook) {
  $request = new DeleteWebhookRequest();
  $request->webhookId = $hook->id;
  succeededDespiteBoolReturnType(fn() => $client->deleteWebhookRequest($request));
  refused(fn() => $client->getWebhook($hook->id), 'Webhook not found for API merchant');
});

// --- Spec operations the simulator does not implement: a clean 404 "Not found", never a fake success. -----
$notSimulated = [
  'createWebCheckout' => function () use ($client, $run) {
    $request = new WebCheckoutRequest();
    foreach (['requestId' => "php-web-$run", 'orderId' => "PHP-WEB-$run", 'currency' => 'AED', 'amount' => '10.50', 'returnUrl' => 'https://shop.example.com/back'] as $k => $v) $request->$k = $v;
    $request->customer = customer();
    $request->billingAddress = address();
    $request->items = [item()];
    return $client->createWebCheckout($request);
  },
  'createMobileCheckout' => function () use ($client, $run) {
    $request = new MobileCheckoutRequest();
    foreach (['requestId' => "php-mob-$run", 'orderId' => "PHP-MOB-$run", 'currency' => 'AED', 'amount' => '10.50'] as $k => $v) $request->$k = $v;
    $request->customer = customer();
    $request->billingAddress = address();
    $request->items = [item()];
    return $client->createMobileCheckout($request);
  },
  'createPayment' => function () use ($client) {
    return $client->createPayment(new Paymennt\payment\CreatePaymentRequest('TOKEN', 'tok_1', null, new class extends Paymennt\Validatable {
      public function validate() { return true; }
    }));
  },
  'getPayment' => fn() => $client->getPayment('1'),
  'getPaymentRequest' => function () use ($client) {
    $request = new Paymennt\payment\GetPaymentRequest();
    $request->paymentId = '1';
    return $client->getPaymentRequest($request);
  },
  'captureAuthorizedPayment' => function () use ($client) {
    $request = new Paymennt\payment\CaptureAuthPaymentRequest();
    $request->paymentId = '1';
    return $client->captureAuthorizedPayment($request);
  },
  'getBranch' => fn() => $client->getBranch('1'),
  'getBranchRequest' => function () use ($client) {
    $request = new Paymennt\branches\GetBranchRequest();
    $request->branchId = '1';
    return $client->getBranchRequest($request);
  },
  'branchLookupRequest' => fn() => $client->branchLookupRequest(new Paymennt\branches\BranchLookupRequest()),
  'createBranch' => function () use ($client) {
    $request = new Paymennt\branches\CreateBranchRequest();
    $request->name = 'Marina';
    $request->currency = 'AED';
    return $client->createBranch($request);
  },
  'disableBranchRequest' => function () use ($client) {
    $request = new Paymennt\branches\DisableBranchRequest();
    $request->branchId = '1';
    return $client->disableBranchRequest($request);
  },
  'enableBranchRequest' => function () use ($client) {
    $request = new Paymennt\branches\EnableBranchRequest();
    $request->branchId = '1';
    return $client->enableBranchRequest($request);
  },
  'getSubscription' => fn() => $client->getSubscription('1'),
  'getSubscriptionRequest' => function () use ($client) {
    $request = new Paymennt\subscription\GetSubscriptionRequest();
    $request->subscriptionId = '1';
    return $client->getSubscriptionRequest($request);
  },
  'subscriptionLookupRequest' => function () use ($client) {
    $request = new Paymennt\subscription\SubscriptionLookupRequest();
    $request->status = null; // read by the SDK but not declared on the class
    $request->customer = new Customer();
    return $client->subscriptionLookupRequest($request);
  },
  'createSubscription' => function () use ($client) {
    $request = new Paymennt\subscription\CreateSubscriptionRequest();
    foreach (['description' => 'Monthly', 'amount' => '10', 'currency' => 'AED', 'startDate' => '2030-01-01', 'sendOnHour' => '9', 'sendEvery' => 'MONTH'] as $k => $v) $request->$k = $v;
    $request->customer = customer();
    return $client->createSubscription($request);
  },
  'pauseSubscriptionRequest' => function () use ($client) {
    $request = new Paymennt\subscription\PauseSubscriptionRequest();
    $request->subscriptionId = '1';
    return $client->pauseSubscriptionRequest($request);
  },
  'resumeSubscriptionRequest' => function () use ($client) {
    $request = new Paymennt\subscription\ResumeSubscriptionRequest();
    $request->subscriptionId = '1';
    return $client->resumeSubscriptionRequest($request);
  },
  'getSubscriptionPaymentsRequest' => function () use ($client) {
    $request = new Paymennt\subscription\GetSubscriptionPaymentsRequest();
    $request->subscriptionId = '1';
    return $client->getSubscriptionPaymentsRequest($request);
  },
];
foreach ($notSimulated as $call => $body) {
  check("$call (not simulated: 404 Not found)", fn() => refused($body, 'Not found'));
}

echo $failed === 0 ? "ALL PASSED\n" : "$failed FAILED\n";
exit($failed === 0 ? 0 : 1);
