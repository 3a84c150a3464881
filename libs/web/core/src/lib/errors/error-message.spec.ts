import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import {
  errorCode,
  errorMessage,
  fieldProblems,
  FALLBACK_ERROR_MESSAGE,
  UNREACHABLE_MESSAGE,
} from './error-message';

function httpError(status: number, error: unknown, headers?: Record<string, string>): HttpErrorResponse {
  return new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers ?? {}), url: '/api/x' });
}

describe('errorMessage', () => {
  it('says the server cannot be reached when the request never got an answer (status 0)', () => {
    expect(errorMessage(httpError(0, new ProgressEvent('error')))).toBe(UNREACHABLE_MESSAGE);
  });

  it("uses the API's own sentence for a 4xx", () => {
    const err = httpError(401, {
      error: 'invalid_credentials',
      message: 'Email or password is wrong.',
      requestId: 'r-1',
    });
    expect(errorMessage(err)).toBe('Email or password is wrong.');
    expect(errorCode(err)).toBe('invalid_credentials');
  });

  it('adds the request id to a 5xx message so support can find the request', () => {
    const err = httpError(500, {
      error: 'internal',
      message: 'The server had a problem.',
      requestId: 'r-500',
    });
    expect(errorMessage(err)).toBe('The server had a problem. (Reference: r-500)');
  });

  it('falls back to a generic sentence with the request id from the header when the body is not ours', () => {
    const err = httpError(502, '<html>Bad gateway</html>', { 'x-request-id': 'r-hdr' });
    expect(errorMessage(err)).toBe(`${FALLBACK_ERROR_MESSAGE} (Reference: r-hdr)`);
    expect(errorCode(err)).toBeNull();
  });

  it('falls back without a reference when there is no request id at all', () => {
    expect(errorMessage(new Error('boom'))).toBe(FALLBACK_ERROR_MESSAGE);
    expect(errorMessage(httpError(500, null))).toBe(FALLBACK_ERROR_MESSAGE);
  });
});

describe('fieldProblems', () => {
  it('returns the well-formed details of a validation failure', () => {
    const err = httpError(400, {
      error: 'validation_failed',
      message: 'Some fields need attention.',
      requestId: 'r-2',
      details: [{ field: 'password', problem: 'must be at least 12 characters' }, 'junk', { field: 3 }],
    });
    expect(fieldProblems(err)).toEqual([{ field: 'password', problem: 'must be at least 12 characters' }]);
  });

  it('is empty when details are missing or not a list', () => {
    expect(
      fieldProblems(
        httpError(412, { error: 'version_conflict', message: 'x', requestId: 'r', details: { id: 1 } }),
      ),
    ).toEqual([]);
    expect(fieldProblems(new Error('x'))).toEqual([]);
  });
});
