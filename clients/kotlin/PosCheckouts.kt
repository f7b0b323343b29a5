// Take a PointCheckout QR payment from an Android app: create the checkout with the callable, show the QR,
// and follow its status live in Firestore. See clients/README.md for the setup checklist.
package com.example.pos

import android.content.Context
import android.graphics.Bitmap
import android.graphics.BitmapFactory
import android.util.Base64
import com.google.firebase.Firebase
import com.google.firebase.appcheck.AppCheckProviderFactory
import com.google.firebase.appcheck.appCheck
import com.google.firebase.appcheck.playintegrity.PlayIntegrityAppCheckProviderFactory
import com.google.firebase.firestore.ListenerRegistration
import com.google.firebase.firestore.MetadataChanges
import com.google.firebase.firestore.firestore
import com.google.firebase.functions.FirebaseFunctionsException
import com.google.firebase.functions.functions
import com.google.firebase.initialize
import kotlinx.coroutines.tasks.await

/** Must equal the functions' FUNCTIONS_REGION: `Firebase.functions` alone calls us-central1. */
const val FUNCTIONS_REGION = "europe-west1"

/**
 * Call once at start-up, before any callable. Release builds use Play Integrity; debug builds pass
 * `DebugAppCheckProviderFactory.getInstance()` (firebase-appcheck-debug) and register its token.
 */
fun startFirebase(
    context: Context,
    appCheckFactory: AppCheckProviderFactory = PlayIntegrityAppCheckProviderFactory.getInstance(),
) {
    Firebase.initialize(context)
    Firebase.appCheck.installAppCheckProviderFactory(appCheckFactory)
}

data class QrCheckout(
    val checkoutId: String,
    val qr: Bitmap?,
    val checkoutUrl: String,
    val amount: String,
    val currency: String,
    val expiresAt: String,
)

/** A callable error with the code listed in docs/functions.md (INVALID_ARGUMENT, FAILED_PRECONDITION, ...). */
class PosError(val code: FirebaseFunctionsException.Code, message: String) : Exception(message)

class PosCheckouts {
    private val functions = Firebase.functions(FUNCTIONS_REGION)
    private val db = Firebase.firestore

    /** One idempotencyKey per sale: a retry or a second tap returns the same checkout. */
    suspend fun create(
        orderId: String,
        amount: String,
        currency: String,
        idempotencyKey: String,
        language: String = "en",
    ): QrCheckout {
        val result = try {
            functions.getHttpsCallable("createQrCheckout").call(
                mapOf(
                    "orderId" to orderId,
                    "amount" to amount,
                    "currency" to currency,
                    "idempotencyKey" to idempotencyKey,
                    "language" to language,
                ),
            ).await()
        } catch (error: FirebaseFunctionsException) {
            throw PosError(error.code, error.message ?: error.code.name)
        }
        val data = result.data as? Map<*, *> ?: throw IllegalStateException("createQrCheckout replied without data")
        val png = Base64.decode(data["qrImage"] as String, Base64.DEFAULT)
        return QrCheckout(
            checkoutId = data["checkoutId"] as String,
            qr = BitmapFactory.decodeByteArray(png, 0, png.size),
            checkoutUrl = data["checkoutUrl"] as String,
            amount = data["amount"] as String,
            currency = data["currency"] as String,
            expiresAt = data["expiresAt"] as String,
        )
    }

    /** Calls [onStatus] with each status the server confirmed. Keep the registration; `remove()` it when done. */
    fun watch(checkoutId: String, onStatus: (String) -> Unit): ListenerRegistration =
        db.document("checkouts/$checkoutId").addSnapshotListener(MetadataChanges.INCLUDE) { snap, error ->
            // A cached snapshot (app start, offline) may be stale: act only on what the server sent.
            if (error != null || snap == null || !snap.exists() || snap.metadata.isFromCache) {
                return@addSnapshotListener
            }
            snap.getString("status")?.let(onStatus)
        }
}
