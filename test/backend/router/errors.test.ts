import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { errorBody, oneLine, PlanBlockedError, statusOf } from '../../../src/backend/errors';

describe('error responses', () => {
  it.each([
    [new InputError('bad'), 400],
    [new NotAllowedError('no'), 403],
    [new NotFoundError('gone'), 404],
    [new ConflictError('busy'), 409],
    [new PlanBlockedError('blocked'), 422],
  ])('maps %s to %i with the documented body', (error, status) => {
    expect(statusOf(error)).toBe(status);
    expect(errorBody(error, status)).toEqual({ error: { name: error.name, message: error.message } });
  });

  it('hides the message of an unexpected error, which may quote AWS or the database', () => {
    const error = new Error('SQLITE_CONSTRAINT: env DB_PASSWORD=hunter2');
    expect(statusOf(error)).toBe(500);
    expect(JSON.stringify(errorBody(error, 500))).not.toContain('hunter2');
  });

  it('keeps the 4xx status body-parser gives a malformed body', () => {
    const error = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 });
    expect(statusOf(error)).toBe(400);
    expect(errorBody(error, 400).error.name).toBe('InputError');
  });
});

describe('oneLine', () => {
  it('escapes line breaks and other control characters, so caller text cannot start a log line', () => {
    expect(oneLine('ref x\r\n2026 error forged\u2028more')).toBe('ref x\\u000d\\u000a2026 error forged\\u2028more');
  });
});
