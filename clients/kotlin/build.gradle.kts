// The dependencies PosCheckouts.kt needs, for the app module's build.gradle.kts.
dependencies {
    implementation(platform("com.google.firebase:firebase-bom:33.7.0"))
    implementation("com.google.firebase:firebase-functions")
    implementation("com.google.firebase:firebase-firestore")
    implementation("com.google.firebase:firebase-appcheck-playintegrity")
    debugImplementation("com.google.firebase:firebase-appcheck-debug")
    // Task.await() in suspend functions.
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-play-services:1.9.0")
}
