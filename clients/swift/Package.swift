// swift-tools-version:5.9
// The Firebase products PosCheckouts.swift needs, as a Swift package (or add the same products in Xcode).
import PackageDescription

let package = Package(
  name: "PosCheckouts",
  platforms: [.iOS(.v15)],
  products: [.library(name: "PosCheckouts", targets: ["PosCheckouts"])],
  dependencies: [
    .package(url: "https://github.com/firebase/firebase-ios-sdk.git", from: "11.6.0"),
  ],
  targets: [
    .target(
      name: "PosCheckouts",
      dependencies: [
        .product(name: "FirebaseAppCheck", package: "firebase-ios-sdk"),
        .product(name: "FirebaseFirestore", package: "firebase-ios-sdk"),
        .product(name: "FirebaseFunctions", package: "firebase-ios-sdk"),
      ],
      path: ".",
      sources: ["PosCheckouts.swift"]
    ),
  ]
)
