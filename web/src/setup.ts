/**
 * Connects the page to Firebase. One settings file, `pos-config.json` next to the page, holds what the
 * deployment decides: the functions' region (must equal the functions' `FUNCTIONS_REGION`) and App Check
 * (reCAPTCHA Enterprise site key; optional debug token for a staging browser). On localhost the page uses the
 * emulators and a local App Check debug token (see app-check.ts); elsewhere it reads the project's web config
 * from Firebase Hosting's `/__/firebase/init.json`.
 */
import { initializeApp, type FirebaseApp } from 'firebase/app';
import { browserLocalPersistence, connectAuthEmulator, initializeAuth, type Auth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, type Functions } from 'firebase/functions';
import type { AppCheck } from 'firebase/app-check';
import { startAppCheck } from './app-check';

export interface PosSettings {
  functionsRegion: string;
  appCheck: { recaptchaEnterpriseSiteKey: string; debugToken: string };
}

export interface Connected {
  app: FirebaseApp;
  auth: Auth;
  functions: Functions;
  local: boolean;
  /** null when no App Check provider is configured. */
  appCheck: AppCheck | null;
}

const LOCAL_CONFIG = {
  projectId: 'demo-pointcheckout',
  apiKey: 'demo-api-key',
  authDomain: 'demo-pointcheckout.firebaseapp.com',
  appId: '1:000000000000:web:0000000000000000000000',
};

async function fetchJson(path: string): Promise<unknown> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/** Reads pos-config.json, refusing a file that would make the page call the wrong place. */
export async function loadSettings(): Promise<PosSettings> {
  const raw = (await fetchJson('pos-config.json')) as Partial<PosSettings> | null;
  const region = raw?.functionsRegion;
  if (typeof region !== 'string' || !/^[a-z]+-[a-z]+\d+$/.test(region)) {
    throw new Error(`pos-config.json: functionsRegion must be a Cloud Functions region such as "europe-west1", got ${JSON.stringify(region)}`);
  }
  return {
    functionsRegion: region,
    appCheck: {
      recaptchaEnterpriseSiteKey: String(raw?.appCheck?.recaptchaEnterpriseSiteKey ?? ''),
      debugToken: String(raw?.appCheck?.debugToken ?? ''),
    },
  };
}

export async function connect(): Promise<Connected> {
  const local = ['localhost', '127.0.0.1'].includes(location.hostname);
  const settings = await loadSettings();
  const config = local ? LOCAL_CONFIG : ((await fetchJson('/__/firebase/init.json')) as Record<string, string>);
  const app = initializeApp(config);
  // App Check first, so the very first callable already carries its token.
  const appCheck = startAppCheck(app, settings.appCheck, local);
  // localStorage only: read synchronously, so the first auth state (which enables Sign in) comes quickly;
  // no popup/redirect sign-in code in the bundle either.
  const auth = initializeAuth(app, { persistence: browserLocalPersistence });
  const functions = getFunctions(app, settings.functionsRegion);
  if (local) {
    connectAuthEmulator(auth, 'http://127.0.0.1:9099', { disableWarnings: true });
    connectFirestoreEmulator(getFirestore(app), '127.0.0.1', 8080);
    connectFunctionsEmulator(functions, '127.0.0.1', 5001);
  }
  return { app, auth, functions, local, appCheck };
}
