// Lambda's hard limits on what an update may contain, checked before we send anything.
import type { FunctionUpdate, PlanNote } from './model';

export const MAX_LAYERS = 5;
export const MAX_ENVIRONMENT_BYTES = 4096;

const encoder = new TextEncoder();

/**
 * The environment's size as Lambda measures it: the UTF-8 bytes of the variables map serialised
 * as compact JSON ({"KEY":"value",...}). Lambda's own error quotes that string ("String measured:
 * {...}"), so keys, values and the JSON punctuation all count.
 */
export function environmentSize(variables: Record<string, string>): number {
  return encoder.encode(JSON.stringify(variables)).length;
}

/** Blockers for an update that Lambda would reject for its size. */
export function limitBlockers(after: FunctionUpdate): PlanNote[] {
  const blockers: PlanNote[] = [];
  if (after.Layers.length > MAX_LAYERS) {
    blockers.push({
      code: 'too-many-layers',
      message: `After this change the function would have ${after.Layers.length} layers; Lambda allows at most ${MAX_LAYERS}. Remove or merge one of your layers first.`,
    });
  }
  const size = environmentSize(after.Environment.Variables);
  if (size > MAX_ENVIRONMENT_BYTES) {
    blockers.push({
      code: 'environment-too-large',
      message: `After this change the environment variables would take ${size} bytes; Lambda allows at most ${MAX_ENVIRONMENT_BYTES}. Move some variables to Parameter Store or Secrets Manager first.`,
    });
  }
  return blockers;
}
