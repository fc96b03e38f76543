// How a job item's end reads to a person: a final AWS failure, a refusal, a superseded item.
import type { JobAction } from '../../common/api';
import { AwsCallError } from '../aws/types';
import type { ItemRetries } from '../retryPolicy';

export function explainAwsFailure(error: AwsCallError, retries: ItemRetries, action: JobAction): string {
  const what = action === 'enable' ? 'enable tracing' : 'roll back';
  switch (error.kind) {
    case 'revision-mismatch':
      return `Someone kept changing this function while we tried to ${what} (${retries.revision} attempts); nothing of theirs was overwritten. Run the job again once the changes settle.`;
    case 'update-in-progress':
      return `Another update of this function did not finish in time, so we could not ${what}. ${error.message} Run the job again later.`;
    case 'unavailable':
      return `AWS did not answer in time (${error.message}). The change may or may not have been applied; run the job again: it re-reads the function and only sends what is still missing.`;
    case 'throttled':
      return `AWS kept throttling requests for this function's account and region, so we could not ${what}. Run the job again later, or lower serverlessTracing.rateLimit.`;
    case 'not-found':
      return `The function no longer exists in AWS, so there is nothing to ${what}.`;
    case 'invalid':
      return `AWS rejected the update (${error.awsName ?? 'invalid request'}), so we could not ${what}: ${rejectionReason(error.message)}${
        error instanceof PartialUpdateError
          ? ` The function was left partly updated and putting it back failed too (${error.restoreFailure}); roll it back from the plugin.`
          : ' Fix the cause and run the job again.'
      }`;
    default:
      return error.message;
  }
}

/** The message of an item a later job on the same function made moot: nothing of it was sent. */
export function supersededMessage(laterJobId: string): string {
  return `Not applied: a later job (${laterJobId}) decides this function now, so this older request was dropped without changing anything.`;
}

/** A refused update that left the function partly changed, and our attempt to put it back failed. */
export class PartialUpdateError extends AwsCallError {
  constructor(
    refusal: AwsCallError,
    readonly restoreFailure: string,
  ) {
    super(refusal.kind, refusal.message, refusal.awsName);
  }
}

// AWS's text for a refused update can quote the configuration it measured (over-4 KB environments
// quote every variable), so it is never passed on: it only picks which of our own reasons to give.
const REJECTION_REASONS: Array<[RegExp, string]> = [
  [/4 ?KB|environment variables you have provided exceeded/i, "the function's environment variables would exceed Lambda's 4 KB limit (keys plus values). Remove variables it no longer needs or move large values into a secret store."],
  [/layer ?version.*(does not exist|not found)/i, 'a layer version in the plan does not exist in this region. Check serverlessTracing.datadog.layerVersions and layerAccount.'],
  [/more than \d+ layers/i, 'the function would reference more than 5 layers. Remove a layer it no longer needs.'],
  [/same layer/i, 'the function would reference two versions of the same layer.'],
  [/reserved keys/i, 'the environment would set a variable that Lambda reserves for itself.'],
  [/PackageType is Image/i, 'a container-image function cannot take layers or a handler change.'],
];

// Layer ARNs are not secret, and naming the one AWS could not find is what makes the reason useful.
const LAYER_ARN = /arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+/g;

function rejectionReason(awsText: string): string {
  const reason = REJECTION_REASONS.find(([pattern]) => pattern.test(awsText))?.[1];
  if (!reason) return 'AWS found the request invalid. Check the function in the AWS console.';
  const layers = [...new Set(awsText.match(LAYER_ARN) ?? [])];
  return layers.length > 0 && /layer/i.test(reason) ? `${reason} AWS named: ${layers.join(', ')}.` : reason;
}
