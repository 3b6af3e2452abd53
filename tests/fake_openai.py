"""A local stand-in for an OpenAI-compatible chat server with structured output (research/openai_realtime.md §A7).

`POST /v1/chat/completions` checks `Authorization: Bearer <API_KEY>` (a wrong key gets OpenAI's 401 body, which
echoes part of the key, as the real API does), records each request, and answers a `json_schema` response format
with a `chat.completion` whose message content is the JSON of a coaching judgement. By default it behaves like a
careful model: it reads the transcript lines out of the prompt and quotes them exactly. Tests queue `Reply`s to make
it fail (HTTP errors, slowness, malformed or out-of-range answers, invented quotes).

Run alone for manual checks: `python -m tests.fake_openai PORT`, then `OPENAI_API_KEY=sk-fake-coach-key-0123
OPENAI_BASE_URL=http://127.0.0.1:PORT/v1`.
"""

import asyncio
import json
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

API_KEY = 'sk-fake-coach-key-0123456789abcdef'
LINE_RE = re.compile(r'^(?:\[\d+:\d\d = (?P<at>[\d.]+)s\] )?(?P<who>Rep|Prospect): (?P<text>.*)$', re.MULTILINE)


@dataclass
class Reply:
    """One scripted answer: an HTTP status, a delay, replacement content (dict or raw text), or a finish reason."""

    status: int = 200
    delay_s: float = 0.0
    content: dict[str, Any] | str | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # merged into the default judgement
    headers: dict[str, str] = field(default_factory=dict)
    finish_reason: str = 'stop'


@dataclass
class FakeOpenAI:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def app(self) -> Starlette:
        return Starlette(routes=[Route('/v1/chat/completions', self._completions, methods=['POST'])])

    @property
    def prompts(self) -> list[str]:
        """The user message of every request, in order."""
        return [next(m['content'] for m in r['messages'] if m['role'] == 'user') for r in self.requests]

    async def _completions(self, request: Request) -> Response:
        auth = request.headers.get('authorization', '')
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if auth != f'Bearer {API_KEY}':
            shown = auth.removeprefix('Bearer ')
            message = f'Incorrect API key provided: {shown[:3]}***{shown[-4:]}. You can find your API key at ...'
            return _error(401, message, 'invalid_request_error', 'invalid_api_key')
        reply = self.replies.pop(0) if self.replies else Reply()
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.status == 429:
            return _error(429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded', reply.headers)
        if reply.status >= 400:
            return _error(reply.status, 'The server had an error while processing your request.', 'server_error', None)
        prompt = next(m['content'] for m in body['messages'] if m['role'] == 'user')
        if isinstance(reply.content, str):
            content = reply.content
        else:
            judgement = reply.content if reply.content is not None else {**judge(prompt), **reply.changes}
            content = json.dumps(judgement)
        return JSONResponse(_completion(body['model'], content, reply.finish_reason, prompt))


def judge(prompt: str) -> dict[str, Any]:
    """A judgement of the call in `prompt` that quotes its lines exactly, as a careful model would."""
    lines = [(float(m['at']) if m['at'] else None, m['who'], m['text']) for m in LINE_RE.finditer(prompt)]
    rep = [line for line in lines if line[1] == 'Rep']
    moments = []
    question = next((line for line in rep if '?' in line[2]), None)
    if question is not None:
        quote = question[2][: question[2].index('?') + 1].split('. ')[-1]
        moments.append(_moment(question[0], 'positive', 'Opened discovery', 'A question about their world.', quote))
    if rep:
        longest = max(rep, key=lambda line: len(line[2]))
        words = longest[2].split()[:12]
        moments.append(
            _moment(
                longest[0],
                'needs_work',
                'Too much at once',
                'You said a lot before checking in with the prospect.',
                ' '.join(words),
                say_instead='Before I go on, how are you handling this today?',
            )
        )
    return {
        'overall_score': 64,
        'tone_summary': 'You sounded steady and engaged, with a measured pace.',
        'key_moments': moments,
        'recommendations': ['Ask what the problem costs them before you mention price.'],
        'strengths': ['You asked for a concrete next step.'],
        'areas_for_improvement': ['Explore objections before answering them.'],
        'skill_scores': {'opening': 4, 'discovery': 3, 'objection_handling': 2, 'next_step': 4, 'delivery': 3},
        'reading_overrides': [],
        **scorecard_judgement(prompt, rep[0][2] if rep else None),
    }


SCORECARD_RE = re.compile(r'^SCORECARD \(.*?\):\n(\[.*?\n\])', re.MULTILINE | re.DOTALL)
GOALS_RE = re.compile(r'^GOALS \(.*?\):\n((?:\d+\. .*(?:\n|$))+)', re.MULTILINE)


def scorecard_judgement(prompt: str, first_rep_line: str | None) -> dict[str, Any]:
    """Every criterion of the prompt's SCORECARD met (yes, or 4 of 5) quoting the rep's first line's first words,
    and every goal met; empty lists when the prompt has none."""
    found = SCORECARD_RE.search(prompt)
    criteria = json.loads(found.group(1)) if found else []
    quote = ' '.join(first_rep_line.split()[:6]) if first_rep_line else None
    goals = GOALS_RE.search(prompt)
    numbers = [int(line.split('.')[0]) for line in goals.group(1).splitlines() if line.strip()] if goals else []
    return {
        'criteria': [
            {
                'id': criterion['id'],
                'met': True if criterion['kind'] == 'yes_no' else None,
                'score': 4 if criterion['kind'] == 'scale_1_5' else None,
                'rationale': f'You did it: {criterion["text"]}',
                'quote': quote,
            }
            for criterion in criteria
        ],
        'goals': [{'number': number, 'met': True} for number in numbers],
    }


def _moment(
    at: float | None, kind: str, title: str, description: str, quote: str, say_instead: str | None = None
) -> dict[str, Any]:
    return {
        'timestamp': at,
        'kind': kind,
        'title': title,
        'description': description,
        'quote': quote,
        'say_instead': say_instead,
    }


def _completion(model: str, content: str, finish_reason: str, prompt: str) -> dict[str, Any]:
    prompt_tokens = len(prompt) // 4
    completion_tokens = len(content) // 4
    return {
        'id': f'chatcmpl-{uuid.uuid4().hex[:24]}',
        'object': 'chat.completion',
        'created': int(time.time()),
        'model': model,
        'choices': [
            {
                'index': 0,
                'finish_reason': finish_reason,
                'logprobs': None,
                'message': {'role': 'assistant', 'content': content, 'refusal': None},
            }
        ],
        'usage': {
            'prompt_tokens': prompt_tokens,
            'completion_tokens': completion_tokens,
            'total_tokens': prompt_tokens + completion_tokens,
        },
    }


def _error(
    status: int, message: str, kind: str, code: str | None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {'error': {'message': message, 'type': kind, 'param': None, 'code': code}}
    return JSONResponse(body, status_code=status, headers=headers)


if __name__ == '__main__':
    import uvicorn

    uvicorn.run(FakeOpenAI().app(), host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')
