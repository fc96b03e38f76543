import { classifyAwsError, scrubAwsText, toAwsCallError } from '../../../src/backend/aws/errors';
import { AwsCallError } from '../../../src/backend/aws/types';

function sdkError(name: string, status: number, message = 'AWS says no') {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

const target = { accountId: '111111111111', region: 'us-east-1' };
const listing = { description: 'listing functions', iamAction: 'lambda:ListFunctions' };
const updating = { description: 'updating function payments-api', iamAction: 'lambda:UpdateFunctionConfiguration' };

describe('classifyAwsError', () => {
  it.each([
    ['PreconditionFailedException', 412, 'revision-mismatch'],
    ['ResourceConflictException', 409, 'update-in-progress'],
    ['TooManyRequestsException', 429, 'throttled'],
    ['ResourceNotFoundException', 404, 'not-found'],
    ['AccessDeniedException', 403, 'access-denied'],
    ['InvalidParameterValueException', 400, 'invalid'],
    ['ServiceException', 500, 'unavailable'],
  ])('maps %s to %s', (name, status, kind) => {
    expect(classifyAwsError(sdkError(name, status))).toBe(kind);
  });

  it('falls back to the HTTP status for exceptions it does not know by name', () => {
    expect(classifyAwsError(sdkError('SomethingNew', 429))).toBe('throttled');
    expect(classifyAwsError(sdkError('SomethingNew', 503))).toBe('unavailable');
    expect(classifyAwsError(sdkError('SomethingNew', 422))).toBe('invalid');
  });

  it('treats "not authorized" messages as access denied', () => {
    expect(classifyAwsError(sdkError('UnknownError', 400, 'User is not authorized to perform lambda:GetFunction'))).toBe('access-denied');
  });

  it('treats refused connections and timeouts as unavailable', () => {
    expect(classifyAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('unavailable');
    expect(classifyAwsError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('unavailable');
  });
});

describe('toAwsCallError', () => {
  it('says what failed where, quotes AWS and names the IAM action to check', () => {
    const error = toAwsCallError(sdkError('AccessDeniedException', 403, 'User: x is not authorized'), listing, target);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error.kind).toBe('access-denied');
    expect(error.awsName).toBe('AccessDeniedException');
    expect(error.message).toMatch(/^Access denied listing functions in 111111111111\/us-east-1: User: x is not authorized\./);
    expect(error.message).toContain('lambda:ListFunctions');
  });

  it('reports how many attempts were made when throttling persisted', () => {
    const error = toAwsCallError(sdkError('TooManyRequestsException', 429, 'Rate exceeded'), listing, target, 6);
    expect(error.kind).toBe('throttled');
    expect(error.message).toContain('after 6 attempt(s)');
  });

  it("cuts the environment Lambda quotes after 'String measured' out of AWS's words", () => {
    const quoted = 'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"DB_PASSWORD":"hunter2","A":"b"}';
    const error = toAwsCallError(sdkError('InvalidParameterValueException', 400, quoted), updating, target);
    expect(error.message).toContain('exceeded the 4KB limit');
    expect(error.message).not.toContain('hunter2');
  });

  it('replaces any JSON-object-looking run in AWS\'s words, closed or cut off', () => {
    expect(scrubAwsText('Bad request {"TOKEN":"abc", "N":{"x":"y"}} here')).toBe('Bad request {…} here');
    expect(scrubAwsText('Value {"TOKEN":"abc", "REST":"trunc')).toBe('Value {…}');
  });

  it('passes an AwsCallError through unchanged', () => {
    const original = new AwsCallError('invalid', 'bad ARN');
    expect(toAwsCallError(original, listing, target)).toBe(original);
  });
});
