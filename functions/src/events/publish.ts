/** Publishes one checkout event to the merchant's Eventarc channel (Admin SDK). */
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getEventarc } from 'firebase-admin/eventarc';
import { EVENT_SOURCE, cloudEventId, type CheckoutEventData } from './types';
import { maybeInjectFault } from './faults';

const EMULATOR_APP = 'eventarc-emulator';

/**
 * The Admin SDK asks for an OAuth token even when CLOUD_EVENTARC_EMULATOR_HOST points it at the emulator, and a
 * machine without Google credentials has none (it would call the metadata server). Inside the Functions
 * emulator only, events go through an app with a fixed local token, which the emulator ignores.
 */
function eventarcApp(): App | undefined {
  if (process.env.FUNCTIONS_EMULATOR !== 'true' || !process.env.CLOUD_EVENTARC_EMULATOR_HOST) return undefined;
  return (
    getApps().find((app) => app.name === EMULATOR_APP) ??
    initializeApp(
      {
        credential: { getAccessToken: async () => ({ access_token: 'owner', expires_in: 3600 }) },
        projectId: process.env.GCLOUD_PROJECT,
      },
      EMULATOR_APP,
    )
  );
}

export async function publishCheckoutEvent(channelName: string, type: string, data: CheckoutEventData, time: Date): Promise<void> {
  await maybeInjectFault('failPublishes');
  await getEventarc(eventarcApp())
    .channel(channelName)
    .publish({
      // Fixed by the transition: a republish after a lost acknowledgement carries the same id.
      id: cloudEventId(data.checkoutId, data.version),
      source: EVENT_SOURCE,
      subject: `checkouts/${data.checkoutId}`,
      type,
      time: time.toISOString(),
      datacontenttype: 'application/json',
      data,
    });
}
