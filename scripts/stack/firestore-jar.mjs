import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cache, log } from './settings.mjs';

/**
 * firebase-tools starts the Firestore emulator with `java -jar $FIRESTORE_EMULATOR_BINARY_PATH` and would
 * otherwise download its jar. We point it at a tiny wrapper jar whose manifest runs the real emulator jar
 * (FIRESTORE_EMULATOR_JAR, else the Google Cloud CLI's `google-cloud-cli-firestore-emulator` component,
 * found next to `gcloud`) from its Class-Path.
 */
/** Where the Google Cloud CLI keeps its Firestore emulator component: under the SDK root that holds `gcloud`. */
function gcloudEmulatorJars() {
  const jar = 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
  const roots = [];
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const gcloud = join(dir, 'gcloud');
    if (!existsSync(gcloud)) continue;
    try {
      // /usr/bin/gcloud is usually a link into <sdk>/bin/gcloud.
      roots.push(resolve(dirname(realpathSync(gcloud)), '..'));
    } catch {
      // a dangling link: skip it
    }
  }
  if (process.env.CLOUDSDK_ROOT_DIR) roots.unshift(process.env.CLOUDSDK_ROOT_DIR);
  return roots.map((sdk) => join(sdk, jar));
}

export function firestoreEmulatorWrapper() {
  if (process.env.FIRESTORE_EMULATOR_BINARY_PATH) return process.env.FIRESTORE_EMULATOR_BINARY_PATH;
  const candidates = [process.env.FIRESTORE_EMULATOR_JAR, ...gcloudEmulatorJars()].filter(Boolean);
  const real = candidates.find((path) => existsSync(path));
  if (!real) {
    log('no local Firestore emulator jar found; firebase-tools will download its own (needs network)');
    return undefined;
  }
  const dir = join(cache, 'firestore-emulator');
  const wrapper = join(dir, 'firestore-emulator-wrapper.jar');
  const manifest = join(dir, 'MANIFEST.MF');
  mkdirSync(dir, { recursive: true });
  const manifestText =
    'Manifest-Version: 1.0\n' +
    'Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\n' +
    `Class-Path: ${real.split('/').map(encodeURIComponent).join('/')}\n\n`;
  writeFileSync(manifest, manifestText);
  // `jar cfm` needs at least one entry besides the manifest.
  writeFileSync(join(dir, '.keep'), '');
  const jar = spawnSync('jar', ['cfm', wrapper, manifest, '-C', dir, '.keep'], { encoding: 'utf8' });
  if (jar.status !== 0) throw new Error(`could not build the Firestore wrapper jar: ${jar.stderr || jar.error}`);
  return wrapper;
}

