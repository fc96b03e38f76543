// Which functions a state machine invokes, read from its Amazon States Language definition: Task
// states whose Resource is a function ARN, or the lambda:invoke integration (request-response,
// .waitForTaskToken) naming the function in Parameters (JSONPath) or Arguments (JSONata), at any
// depth of Parallel branches and Map iterators.
import type { AccountRegion } from '../types';
import { functionArnOf } from './references';

interface StateLike {
  Type?: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Arguments?: Record<string, unknown> | string;
  Branches?: MachineLike[];
  Iterator?: MachineLike;
  ItemProcessor?: MachineLike;
}

interface MachineLike {
  States?: Record<string, StateLike>;
}

const LAMBDA_INVOKE = /^arn:[a-z-]+:states:::lambda:invoke(\.waitForTaskToken)?$/;

export interface DefinitionFunctions {
  functionArns: string[];
  /** Tasks whose function is chosen at run time (FunctionName.$ or an expression): not attributable. */
  dynamicTargets: number;
}

export function functionsInDefinition(definition: string | undefined, target: AccountRegion & { partition: string }): DefinitionFunctions {
  const found = new Set<string>();
  let dynamicTargets = 0;
  let machine: MachineLike;
  try {
    machine = JSON.parse(definition ?? '') as MachineLike;
  } catch {
    return { functionArns: [], dynamicTargets: 0 };
  }
  const visit = (node: MachineLike | undefined) => {
    for (const state of Object.values(node?.States ?? {})) {
      if (state.Type === 'Task' && typeof state.Resource === 'string') {
        if (LAMBDA_INVOKE.test(state.Resource)) {
          const args = typeof state.Arguments === 'object' ? state.Arguments : undefined;
          const name = state.Parameters?.FunctionName ?? args?.FunctionName;
          const arn = typeof name === 'string' && !name.startsWith('{%') ? functionArnOf(name, target) : undefined;
          if (arn) found.add(arn);
          else dynamicTargets++;
        } else {
          const arn = functionArnOf(state.Resource.startsWith('arn:') ? state.Resource : undefined, target);
          if (arn) found.add(arn);
        }
      }
      for (const branch of state.Branches ?? []) visit(branch);
      visit(state.Iterator);
      visit(state.ItemProcessor);
    }
  };
  visit(machine);
  return { functionArns: [...found], dynamicTargets };
}
