/**
 * App Check for the POS page. Production: the reCAPTCHA Enterprise provider with the site key from
 * pos-config.json (a `debugToken` there makes a staging browser use a registered debug token instead).
 * Emulator (localhost, `demo-*` project, offline): a local debug token, an unsigned token naming this app,
 * which the Functions emulator accepts because it skips token verification; nothing reaches Google.
 */
import type { FirebaseApp } from 'firebase/app';
import { CustomProvider, getToken, initializeAppCheck, ReCaptchaEnterpriseProvider, type AppCheck } from 'firebase/app-check';

const LOCAL_TOKEN_TTL_MS = 60 * 60_000;

function base64Url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The emulator's debug token: the shape of an App Check JWT, without a signature. */
export function localDebugToken(app: FirebaseApp, nowMs = Date.now()): { token: string; expireTimeMillis: number } {
  const expireTimeMillis = nowMs + LOCAL_TOKEN_TTL_MS;
  const appId = app.options.appId ?? 'local-app';
  const payload = {
    iss: `https://firebaseappcheck.googleapis.com/${appId.split(':')[1] ?? '0'}`,
    sub: appId,
    aud: [`projects/${app.options.projectId ?? 'demo'}`],
    iat: Math.floor(nowMs / 1000),
    exp: Math.floor(expireTimeMillis / 1000),
  };
  return { token: `${base64Url({ alg: 'none', typ: 'JWT' })}.${base64Url(payload)}.local-debug`, expireTimeMillis };
}

export function startAppCheck(
  app: FirebaseApp,
  settings: { recaptchaEnterpriseSiteKey: string; debugToken: string },
  local: boolean,
): AppCheck | null {
  if (local) {
    return initializeAppCheck(app, {
      provider: new CustomProvider({ getToken: async () => localDebugToken(app) }),
      isTokenAutoRefreshEnabled: true,
    });
  }
  if (settings.debugToken) {
    (self as unknown as { FIREBASE_APPCHECK_DEBUG_TOKEN?: string }).FIREBASE_APPCHECK_DEBUG_TOKEN = settings.debugToken;
  }
  if (!settings.recaptchaEnterpriseSiteKey) {
    // Without a provider every callable goes out without a token: fine until ENFORCE_APP_CHECK is on.
    console.warn('App Check is off: set appCheck.recaptchaEnterpriseSiteKey in pos-config.json before enforcing it.');
    return null;
  }
  return initializeAppCheck(app, {
    provider: new ReCaptchaEnterpriseProvider(settings.recaptchaEnterpriseSiteKey),
    isTokenAutoRefreshEnabled: true,
  });
}

/** `X-Firebase-AppCheck` for fetch() calls to HTTPS functions (exportCheckouts); empty without App Check. */
export async function appCheckHeader(appCheck: AppCheck | null): Promise<Record<string, string>> {
  if (!appCheck) return {};
  try {
    return { 'X-Firebase-AppCheck': (await getToken(appCheck)).token };
  } catch {
    return {}; // the function refuses the call if it enforces App Check; its message says what to do
  }
}
