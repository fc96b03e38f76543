// recommend: which tracing a function should have, why, and whether one click gets it there.
import type { Applicability, FunctionConfig, HowToStep, Invoker, InvokerGap, Recommendation, RecommendationContext, Solution, TracingState } from './model';
import { dayOf, runtimeInfo, runtimeStage, runtimeStageReason, type RuntimeInfo } from './runtimes';
import { detectTracing } from './detect';
import { detectIac, IAC_LABELS, stackName } from './iac';
import { goCodeSteps, imageRebuildSteps, rubyCodeSteps, upgradeRuntimeSteps } from './howto';
import { iacSteps } from './howto-iac';
import { parseFunctionArn } from './arn';
import { isSolutionInPlace } from './inPlace';
import { planEnablement } from './plan';

const XRAY_MEANING =
  'X-Ray here means the function\'s active tracing setting (TracingConfig), with ADOT/OpenTelemetry for custom spans: the AWS X-Ray SDKs are in maintenance from 2026-02-25 (end of support 2027-02-25).';

export function recommend(config: FunctionConfig, context: RecommendationContext, state?: TracingState): Recommendation {
  const current = state ?? detectTracing(config, { layerVersions: context.datadog?.layerVersions, layerAccount: context.datadog?.layerAccount });
  const info = runtimeInfo(config.Runtime);
  const image = config.PackageType === 'Image';
  // The day AWS's runtime dates are compared with: the caller's clock, else this machine's.
  const today = context.today ?? dayOf(new Date());
  const { solution, reasons } = context.applied ? reapplying(context.applied) : chooseSolution(info, image, context, xrayToKeep(config, current));
  if (solution !== 'dd-trace') reasons.push(XRAY_MEANING);
  const undecided = context.applied ? [] : undecidedBy(config, context, current, solution);
  if (undecided.length > 0) reasons.push(undecidedReason(undecided));

  let applicability: Applicability;
  let steps: HowToStep[] | undefined;
  let blockers: Recommendation['blockers'];
  // A drifted function lacks part of what was applied even where detection finds the solution in place.
  const done = !context.applied && isSolutionInPlace(solution, current, config);
  const outdated = current.findings.some(f => f.code === 'outdated-layer');
  if (done) {
    applicability = 'already-done';
    reasons.push(`The function already runs ${SOLUTION_LABELS[solution]} correctly.`);
  } else if (image && solution !== 'xray') {
    applicability = 'needs-image-rebuild';
    steps = imageRebuildSteps(info?.family ?? 'other', context.datadog?.layerVersions);
    reasons.push('It is a container image: layers cannot be attached, so Datadog goes into the image (Dockerfile lines below). X-Ray would be a configuration change only.');
  } else if (!image && (!info || runtimeStage(info, today) === 'update-blocked')) {
    // AWS refuses any update of a function whose runtime is past its block-update date.
    applicability = 'upgrade-runtime-first';
    steps = upgradeRuntimeSteps(info, config.Runtime, config.FunctionName ?? parseFunctionArn(config.FunctionArn ?? '')?.functionName ?? '<function>', today);
    reasons.push(info
      ? `${runtimeStageReason(info, today)} Upgrade the runtime before adding tracing.`
      : `The runtime ${config.Runtime ?? '(none)'} is unknown to this plugin: move to a supported runtime first.`);
  } else if (solution !== 'xray' && info?.handlerStrategy === 'code-wrapper') {
    applicability = 'needs-code-change';
    steps = rubyCodeSteps();
  } else if (solution !== 'xray' && info?.handlerStrategy === 'extension-only') {
    applicability = 'needs-code-change';
    steps = goCodeSteps();
  } else {
    applicability = 'one-click';
    // One click only where the plan can apply: otherwise the job would refuse it.
    const plan = context.datadog ? planEnablement(config, { solution, datadog: context.datadog, today, reapply: context.applied !== undefined }) : undefined;
    if (plan && plan.blockers.length > 0) {
      applicability = 'blocked';
      blockers = plan.blockers;
      reasons.push(`One click cannot do it yet: ${plan.blockers.map(b => b.message).join(' ')}`);
    } else if (outdated) {
      reasons.push('It is traced, but its Datadog layers are older than the configured versions: one click upgrades them in place.');
    }
  }
  const stageReason = !image && info ? runtimeStageReason(info, today) : undefined;
  if (stageReason && applicability !== 'upgrade-runtime-first') {
    reasons.push(`${stageReason} Tracing can still be added now; plan the runtime upgrade before updates are blocked.`);
  }
  if (current.status === 'misconfigured') {
    reasons.push(`Datadog is attached but misconfigured: ${current.findings.filter(f => f.severity === 'error').map(f => f.message).join(' ')} Enabling ${SOLUTION_LABELS[solution]} repairs the configuration.`);
  }
  if (current.status === 'other' && solution !== 'xray') {
    reasons.push(`It is already instrumented by ${current.vendor}: Datadog is not added on top, because every call would be traced twice. Remove ${current.vendor} first.`);
  }

  const recommendation: Recommendation = { solution, applicability, reasons };
  if (steps) recommendation.steps = steps;
  if (blockers) recommendation.blockers = blockers;
  if (undecided.length > 0) recommendation.undecided = undecided;
  const iac = context.iac ?? detectIac(config.Tags);
  if (iac && applicability !== 'already-done') {
    const stack = stackName(config.Tags);
    reasons.push(`It is managed by ${IAC_LABELS[iac]}${stack ? ` (stack ${stack})` : ''}: a change made here is reverted by the next deploy, so make it in the infrastructure code as shown.`);
    recommendation.iacSteps = iacSteps(iac, solution, info?.family ?? 'other', context.datadog);
  }
  return recommendation;
}

/** The solution of a drifted function: what the plugin applied before, planned again. */
function reapplying(solution: Solution): { solution: Solution; reasons: string[] } {
  return {
    solution,
    reasons: [`The plugin enabled ${SOLUTION_LABELS[solution]} here and a later change removed part of it: enabling again puts back what is missing.`],
  };
}

const SOLUTION_LABELS: Readonly<Record<Solution, string>> = {
  'dd-trace': 'Datadog tracing (dd-trace)',
  'dd-trace-xray': 'Datadog tracing merged with X-Ray (dd-trace-xray)',
  xray: 'X-Ray active tracing',
};

/** Python, Node.js and Ruby: Datadog's library merges its traces into X-Ray's (DD_MERGE_XRAY_TRACES). */
const MERGING_FAMILIES: readonly string[] = ['python', 'node', 'ruby'];

/** X-Ray active tracing the team already runs (not another vendor's collector): kept and merged into. */
function xrayToKeep(config: FunctionConfig, state: TracingState): boolean {
  return config.TracingConfig?.Mode === 'Active' && state.status !== 'other' && state.status !== 'unknown';
}

/** The solution alone, for the invokers given (what recommend() would choose). */
export function solutionFor(config: FunctionConfig, context: RecommendationContext, state?: TracingState): Solution {
  const current = state ?? detectTracing(config, { layerVersions: context.datadog?.layerVersions, layerAccount: context.datadog?.layerAccount });
  return chooseSolution(runtimeInfo(config.Runtime), config.PackageType === 'Image', context, xrayToKeep(config, current)).solution;
}

/** The invokers that change the choice when present: a gap matters only if they could hide there. */
const DECISIVE_INVOKERS: readonly Invoker[] = ['appsync', 'stepfunctions'];

/**
 * The missing invoker sources that could change this recommendation (empty when the choice is the same
 * whoever invokes the function): a job must not decide until they are read.
 */
export function undecidedBy(config: FunctionConfig, context: RecommendationContext, state: TracingState, solution: Solution): InvokerGap[] {
  const missing = context.missing ?? [];
  if (missing.length === 0) return [];
  const worstCase = { ...context, invokedBy: [...new Set([...context.invokedBy, ...DECISIVE_INVOKERS])] };
  return solutionFor(config, worstCase, state) === solution ? [] : missing;
}

const SOURCE_LABELS: Readonly<Record<InvokerGap['source'], string>> = {
  'event-source-mappings': 'event source mappings',
  'step-functions': 'Step Functions state machines',
  appsync: 'AppSync data sources',
  'api-gateway-rest': 'API Gateway REST APIs',
  'api-gateway-http': 'API Gateway HTTP APIs',
  eventbridge: 'EventBridge rules',
  sns: 'SNS subscriptions',
  'resource-policy': 'the resource policy',
};

export function undecidedReason(gaps: InvokerGap[]): string {
  return `Who invokes it is not fully known yet (${gaps.map(gap => SOURCE_LABELS[gap.source]).join(', ')} not read): behind AppSync or Step Functions the recommendation would differ, so enabling waits until it is known.`;
}

function chooseSolution(info: RuntimeInfo | undefined, image: boolean, context: RecommendationContext, xrayActive: boolean): { solution: Solution; reasons: string[] } {
  const appsync = context.invokedBy.includes('appsync');
  const stepfunctions = context.invokedBy.includes('stepfunctions');
  const family = info?.family ?? 'other';
  const label = info?.label ?? 'this runtime';
  const stepFunctionsNative = 'Datadog prefers its native Step Functions integration: enable it on the state machine, and the function can then use plain dd-trace.';

  if (image && (appsync || stepfunctions || context.requiresActiveXRay || context.hybridEstate)) {
    const who = appsync ? 'AWS AppSync' : stepfunctions ? 'AWS Step Functions' : 'the organisation';
    return { solution: 'xray', reasons: [`X-Ray active tracing is needed here (${who} traces with X-Ray), and on a container image it is a configuration change that needs no rebuild.`] };
  }
  if (!image && xrayActive && MERGING_FAMILIES.includes(family)) {
    const reasons = [`It already runs X-Ray active tracing: keep it and merge Datadog's traces into X-Ray's (dd-trace-xray), so the team's X-Ray traces gain Datadog's spans instead of being replaced.`];
    if (appsync) reasons.push('It is invoked by AWS AppSync, which X-Ray traces actively: the merged trace keeps the AppSync request and the function together.');
    if (stepfunctions) reasons.push(`It is invoked by AWS Step Functions. ${stepFunctionsNative}`);
    return { solution: 'dd-trace-xray', reasons };
  }
  if (family === 'python' || family === 'node') {
    const reasons: string[] = [];
    if (appsync) reasons.push('It is invoked by AWS AppSync, which X-Ray traces actively: merging Datadog\'s traces with X-Ray keeps the AppSync request and the function in one trace.');
    if (stepfunctions) reasons.push(`It is invoked by AWS Step Functions: merging with X-Ray links the state machine to the function's spans. ${stepFunctionsNative}`);
    if (context.hybridEstate) reasons.push('The organisation runs X-Ray next to Datadog, so the traces must be merged to stay whole.');
    if (context.requiresActiveXRay) reasons.push('Active X-Ray tracing is required for this function, and Datadog can merge its traces into it.');
    if (reasons.length > 0) {
      reasons.push(`For ${label} that is dd-trace-xray: Datadog's library and Extension, X-Ray active tracing and DD_MERGE_XRAY_TRACES=true.`);
      return { solution: 'dd-trace-xray', reasons };
    }
    return {
      solution: 'dd-trace',
      reasons: [`For ${label} Datadog's library layer and Extension give full traces: the handler is redirected to Datadog's and the original kept in DD_LAMBDA_HANDLER, with no code change.`],
    };
  }
  if (family === 'ruby') {
    return { solution: 'dd-trace', reasons: [`For ${label} Datadog's Ruby layer and Extension give full traces, once the handler is wrapped in code with Datadog::Lambda.wrap.`] };
  }
  if (family === 'java' || family === 'dotnet' || family === 'provided') {
    if (context.requiresActiveXRay) {
      return { solution: 'xray', reasons: [`Active tracing through API Gateway or Step Functions is required, and Datadog does not merge its traces with X-Ray in ${label}: X-Ray active tracing is the fit.`] };
    }
    const how = family === 'provided'
      ? 'the Datadog Extension plus datadog-lambda-go\'s WrapFunction in the code'
      : "Datadog's tracer layer and Extension, loaded through AWS_LAMBDA_EXEC_WRAPPER=/opt/datadog_wrapper with no code change";
    const reasons = [`For ${label} Datadog's serverless guide recommends dd-trace: ${how}.`];
    if (stepfunctions) reasons.push(`It is invoked by AWS Step Functions. ${stepFunctionsNative}`);
    if (appsync) reasons.push('It is invoked by AWS AppSync; Datadog cannot merge with X-Ray in this runtime, so choose X-Ray instead if the AppSync trace must include the function.');
    return { solution: 'dd-trace', reasons };
  }
  return {
    solution: 'dd-trace',
    reasons: [image
      ? 'Datadog tracing (dd-trace) is the default; for a container image it is built into the image.'
      : `The runtime is not one this plugin knows; Datadog tracing (dd-trace) is the default once it runs on a supported runtime.`],
  };
}
