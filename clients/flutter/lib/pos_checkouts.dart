// Take a PointCheckout QR payment from a Flutter app: create the checkout with the callable, show the QR,
// and follow its status live in Firestore. See clients/README.md for the setup checklist.
import 'dart:async';
import 'dart:convert';
import 'dart:typed_data';

import 'package:cloud_firestore/cloud_firestore.dart';
import 'package:cloud_functions/cloud_functions.dart';
import 'package:firebase_app_check/firebase_app_check.dart';
import 'package:firebase_core/firebase_core.dart';
import 'package:flutter/foundation.dart';

/// Must equal the functions' FUNCTIONS_REGION: the SDK's default (us-central1) would call the wrong place.
const String functionsRegion = 'europe-west1';

/// Call once at start-up, before any callable: App Check tokens go with every call (Play Integrity and
/// App Attest in release builds, the debug provider in debug builds; register its token in the console).
Future<void> startFirebase(FirebaseOptions options) async {
  await Firebase.initializeApp(options: options);
  await FirebaseAppCheck.instance.activate(
    androidProvider: kReleaseMode ? AndroidProvider.playIntegrity : AndroidProvider.debug,
    appleProvider: kReleaseMode ? AppleProvider.appAttest : AppleProvider.debug,
  );
}

class QrCheckout {
  QrCheckout({
    required this.checkoutId,
    required this.qrPng,
    required this.checkoutUrl,
    required this.amount,
    required this.currency,
    required this.expiresAt,
  });

  final String checkoutId;
  final Uint8List qrPng; // Image.memory(qrPng)
  final String checkoutUrl;
  final String amount;
  final String currency;
  final DateTime expiresAt;
}

/// A callable error with the code listed in docs/functions.md (invalid-argument, failed-precondition, ...).
class PosError implements Exception {
  PosError(this.code, this.message);

  final String code;
  final String message;

  @override
  String toString() => 'PosError($code): $message';
}

class PosCheckouts {
  PosCheckouts({FirebaseFunctions? functions, FirebaseFirestore? firestore})
      : _functions = functions ?? FirebaseFunctions.instanceFor(region: functionsRegion),
        _firestore = firestore ?? FirebaseFirestore.instance;

  final FirebaseFunctions _functions;
  final FirebaseFirestore _firestore;

  /// One idempotencyKey per sale: a retry or a second tap returns the same checkout.
  Future<QrCheckout> create({
    required String orderId,
    required String amount,
    required String currency,
    required String idempotencyKey,
    String language = 'en',
  }) async {
    try {
      final result = await _functions.httpsCallable('createQrCheckout').call(<String, dynamic>{
        'orderId': orderId,
        'amount': amount,
        'currency': currency,
        'idempotencyKey': idempotencyKey,
        'language': language,
      });
      final data = Map<String, dynamic>.from(result.data as Map);
      return QrCheckout(
        checkoutId: data['checkoutId'] as String,
        qrPng: base64Decode(data['qrImage'] as String),
        checkoutUrl: data['checkoutUrl'] as String,
        amount: data['amount'] as String,
        currency: data['currency'] as String,
        expiresAt: DateTime.parse(data['expiresAt'] as String),
      );
    } on FirebaseFunctionsException catch (error) {
      throw PosError(error.code, error.message ?? error.code);
    }
  }

  /// Calls [onStatus] with each status the server confirmed. Keep the returned subscription and cancel it
  /// when the screen closes, or the listener (and its billing) runs on.
  StreamSubscription<DocumentSnapshot<Map<String, dynamic>>> watch(
    String checkoutId,
    void Function(String status) onStatus, {
    void Function(Object error)? onError,
  }) {
    return _firestore
        .doc('checkouts/$checkoutId')
        .snapshots(includeMetadataChanges: true)
        .listen((snap) {
      // A cached snapshot (app start, offline) may be stale: act only on what the server sent.
      if (snap.metadata.isFromCache || !snap.exists) return;
      final status = snap.data()?['status'];
      if (status is String) onStatus(status);
    }, onError: onError);
  }
}
