// Backstage's auditor around one piece of work: the event is created before the work starts (so an
// attempt is on record even when the process dies), then marked success or failure with the error.
import type { AuditorService, AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

export async function audited<T>(
  auditor: AuditorService,
  options: AuditorServiceCreateEventOptions,
  work: () => Promise<T>,
  /** What the success adds to the event (e.g. the id of what was created). */
  successMeta?: (result: T) => JsonObject,
): Promise<T> {
  const event = await auditor.createEvent(options);
  try {
    const result = await work();
    await event.success(successMeta ? { meta: successMeta(result) } : undefined);
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
