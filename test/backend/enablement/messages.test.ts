// How a final AWS failure reads in a job item and the audit log: a refused update gives our own
// reason and AWS's exception name, never AWS's text (which can quote the function's environment).
import { PartialUpdateError, explainAwsFailure } from '../../../src/backend/enablement/messages';
import { AwsCallError } from '../../../src/backend/aws/types';

const budget = { revision: 0, transient: 0 };
const overLimit = new AwsCallError(
  'invalid',
  'Rejected updating function f: Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"DB_PASSWORD":"hunter2"}',
  'InvalidParameterValueException',
);

it('explains a refused update in its own words with the AWS exception name, without AWS text', () => {
  const message = explainAwsFailure(overLimit, budget, 'enable');
  expect(message).toMatch(/^AWS rejected the update \(InvalidParameterValueException\), so we could not enable tracing: .*4 KB limit/);
  expect(message).not.toContain('hunter2');
  expect(message).not.toContain('String measured');
});

it('gives a general reason for a refusal it does not recognise', () => {
  const message = explainAwsFailure(new AwsCallError('invalid', 'Something {"K":"v"} odd', 'ValidationException'), budget, 'rollback');
  expect(message).toBe('AWS rejected the update (ValidationException), so we could not roll back: AWS found the request invalid. Check the function in the AWS console. Fix the cause and run the job again.');
});

it('says when a refused update left the function partly changed and putting it back failed', () => {
  const message = explainAwsFailure(new PartialUpdateError(overLimit, 'Throttled updating function f'), budget, 'enable');
  expect(message).toContain('left partly updated and putting it back failed too (Throttled updating function f); roll it back from the plugin.');
  expect(message).not.toContain('hunter2');
});

it('names the layer version AWS could not find (layer ARNs are not secret)', () => {
  const missing = new AwsCallError(
    'invalid',
    'Rejected updating function f: One or more LayerVersion does not exist [arn:aws:lambda:us-east-1:123456789012:layer:Datadog-Python312:3]',
    'ResourceNotFoundException',
  );
  const message = explainAwsFailure(missing, budget, 'enable');
  expect(message).toContain('a layer version in the plan does not exist in this region');
  expect(message).toContain('AWS named: arn:aws:lambda:us-east-1:123456789012:layer:Datadog-Python312:3.');
});
