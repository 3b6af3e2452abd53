"""Why a request to the AI coach's model failed, in words safe to show and log, and whether to try again.

The words never include text from the model server: its error messages can echo the request, and an
authentication error echoes part of the API key.
"""

import openai
import pydantic

RETRYABLE_STATUS = frozenset({408, 409, 429})
MAX_RETRY_AFTER_S = 30.0


def classify_failure(error: Exception, timeout_s: float) -> tuple[str, bool, float]:
    """(reason in words, worth retrying, seconds to wait at least) for one failed request."""
    if isinstance(error, openai.APITimeoutError):
        return f'the model gave no answer within {timeout_s:g} s', True, 0.0
    if isinstance(error, openai.APIConnectionError):
        return 'the model server could not be reached', True, 0.0
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        retry = status in RETRYABLE_STATUS or status >= 500
        wait = _retry_after(error) if retry else 0.0
        return f'the model server answered HTTP {status}{_status_hint(status)}', retry, wait
    if isinstance(error, pydantic.ValidationError | openai.APIResponseValidationError):
        return (
            'the model answered in a shape that does not fit the report (for example a score out of range)',
            True,
            0.0,
        )
    if isinstance(error, openai.LengthFinishReasonError):
        return 'the model ran out of room before finishing the report', True, 0.0
    if isinstance(error, openai.ContentFilterFinishReasonError):
        return "the model's content filter stopped the report", False, 0.0
    if isinstance(error, ValueError):  # the SDK's JSON parsing of a malformed answer
        return 'the model answered with malformed JSON', True, 0.0
    return f'the model request failed ({type(error).__name__})', False, 0.0


def _status_hint(status: int) -> str:
    hints = {
        401: ': the API key was refused',
        403: ': access denied',
        404: ': unknown model or address',
        429: ': rate limited',
    }
    return hints.get(status, ': a server error' if status >= 500 else '')


def _retry_after(error: openai.APIStatusError) -> float:
    try:
        seconds = float(error.response.headers.get('retry-after', '0'))
    except ValueError:
        return 0.0
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)
