""" "Draft from a description": a language model turns a paragraph an admin writes into a prospect's or a
scenario's fields, which the editor shows for review. Nothing here saves anything.

The model is the AI coach's (the same OpenAI-compatible server, key and model: `ModelCoachSettings`). It is asked
for one JSON object in the entry's shape (its JSON schema is in the prompt) and its answer is validated by the same
pydantic model as any import or edit, so a draft can never hold what a form would refuse. Every failure is a
`DraftFailed` whose message is ours and safe to show (never the server's own words, which can echo the request or
part of the key): no answer in time, an unreachable server, an HTTP error, JSON that does not parse, or fields
that do not validate (named, without their values).
"""

import json
import logging
from typing import Any, Literal, overload

import openai
from openai.types.chat import ChatCompletionMessageParam
from pydantic import ValidationError

from services.coaching.ai_coach import ModelCoachSettings
from services.coaching.model_errors import classify_failure
from services.library.prospect import MAX_ITEMS, Model, ProspectProfile
from services.library.scenario import MAX_CRITERIA, ScenarioSpec

log = logging.getLogger(__name__)

DraftKind = Literal['prospect', 'scenario']
MAX_DESCRIPTION = 4_000
MIN_DESCRIPTION = 20
DRAFT_TIMEOUT_S = 45.0
MAX_PROBLEMS_SHOWN = 5

SHAPES: dict[DraftKind, type[Model]] = {'prospect': ProspectProfile, 'scenario': ScenarioSpec}
INSTRUCTIONS: dict[DraftKind, str] = {
    'prospect': (
        'You help a sales team build a practice prospect (an AI buyer a rep rehearses a call with). From the '
        "admin's description, fill in the prospect's fields. Keep what the description says; where it is silent, "
        'choose what is typical for such a buyer and keep it plausible. Pains are revealed only when asked well; '
        f"hidden needs are what the buyer does not say unprompted; objections are said in the buyer's own words. "
        f'At most {MAX_ITEMS} items in any list. behaviour has three levels from 1 to 5: openness (how readily they '
        'share), pushback (how quickly they object) and trust_needed (how much trust a next step needs).'
    ),
    'scenario': (
        'You help a sales team build a practice scenario: what the rep sells, to whom, the kind of call, the goals '
        "shown to the rep and the scorecard the call is graded on. From the admin's description, fill in the "
        'fields. Goals are short and concrete ("Book a 30-minute demo"). Each scorecard criterion is a question a '
        'grader answers from the transcript ("Did the rep ask who else decides?"), yes_no or scale_1_5, with a '
        f'positive weight, a short id in lower case (letters, digits, _ or -) and an evidence hint; at most '
        f'{MAX_CRITERIA} criteria. pass_mark is 0-100 (80 unless the description says otherwise). Leave persona_ids '
        'empty.'
    ),
}


class DraftUnavailable(Exception):
    """No language model is configured, so nothing can be drafted."""


class DraftFailed(Exception):
    """The model could not draft the entry; the message says why in words safe to show and log. `timed_out`: the
    model gave no answer in time (rather than a wrong one)."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


NO_MODEL = (
    'Drafting from a description needs a language model: set OPENAI_API_KEY (and OPENAI_BASE_URL for another '
    'OpenAI-compatible server). Fill in the fields by hand meanwhile.'
)


@overload
async def draft_entry(
    kind: Literal['prospect'], description: str, *, settings: ModelCoachSettings | None
) -> ProspectProfile: ...
@overload
async def draft_entry(
    kind: Literal['scenario'], description: str, *, settings: ModelCoachSettings | None
) -> ScenarioSpec: ...
async def draft_entry(
    kind: DraftKind, description: str, *, settings: ModelCoachSettings | None
) -> ProspectProfile | ScenarioSpec:
    """A prospect's or a scenario's fields drafted from `description`, validated and not saved.

    Raises:
        DraftUnavailable: no model is configured (`settings` is None).
        DraftFailed: the description is unusable or the model failed; the message says which, for the admin.
    """
    if settings is None:
        raise DraftUnavailable(NO_MODEL)
    text = description.strip()
    if len(text) < MIN_DESCRIPTION:
        raise DraftFailed(f'Write a few sentences to draft from (at least {MIN_DESCRIPTION} characters).')
    if len(text) > MAX_DESCRIPTION:
        raise DraftFailed(f'The description is too long: at most {MAX_DESCRIPTION} characters.')
    shape = SHAPES[kind]
    answer = await _ask(settings, _messages(kind, shape, text))
    return _validated(shape, answer)  # type: ignore[return-value]  # SHAPES maps each kind to its model


async def draft_prospect(description: str, *, settings: ModelCoachSettings | None) -> ProspectProfile:
    return await draft_entry('prospect', description, settings=settings)


async def draft_scenario(description: str, *, settings: ModelCoachSettings | None) -> ScenarioSpec:
    return await draft_entry('scenario', description, settings=settings)


def _messages(kind: DraftKind, shape: type[Model], description: str) -> list[ChatCompletionMessageParam]:
    schema = json.dumps(shape.model_json_schema(), separators=(',', ':'))
    system = (
        f'{INSTRUCTIONS[kind]}\n\nAnswer with one JSON object and nothing else. It must match this JSON schema '
        f'(no other fields; leave out a field rather than invent a value the schema refuses):\n{schema}'
    )
    return [
        {'role': 'system', 'content': system},
        {'role': 'user', 'content': f"The admin's description:\n\n{description}"},
    ]


async def _ask(settings: ModelCoachSettings, messages: list[ChatCompletionMessageParam]) -> str:
    timeout = min(settings.timeout_s, DRAFT_TIMEOUT_S)
    client = openai.AsyncOpenAI(
        api_key=settings.api_key, base_url=settings.base_url, timeout=timeout, max_retries=0
    )  # an admin waits on it: one attempt, and they can ask again
    try:
        completion = await client.chat.completions.create(
            model=settings.model,
            messages=messages,
            response_format={'type': 'json_object'},
        )
    except Exception as error:
        reason = classify_failure(error, timeout)[0]
        log.warning('drafting a library entry failed: %s', reason)
        message = f'The model could not draft it: {reason}. Try again, or fill in the fields.'
        raise DraftFailed(message, timed_out=isinstance(error, openai.APITimeoutError)) from None
    finally:
        await client.close()
    choice = completion.choices[0] if completion.choices else None
    content = choice.message.content if choice is not None else None
    if choice is not None and choice.finish_reason == 'length':
        raise DraftFailed('The model ran out of room before finishing the draft. Try a shorter description.')
    if not content:
        raise DraftFailed('The model gave an empty answer. Try again, or fill in the fields.')
    return content


def _validated(shape: type[Model], answer: str) -> Model:
    try:
        data: Any = json.loads(_unfenced(answer))
    except ValueError:
        raise DraftFailed('The model answered with malformed JSON. Try again, or fill in the fields.') from None
    if not isinstance(data, dict):
        raise DraftFailed('The model did not answer with the fields of an entry. Try again.')
    try:
        return shape.model_validate(data)
    except ValidationError as error:
        problems = [_problem(p) for p in error.errors(include_input=False, include_url=False)]
        shown = '; '.join(problems[:MAX_PROBLEMS_SHOWN])
        more = f' (and {len(problems) - MAX_PROBLEMS_SHOWN} more)' if len(problems) > MAX_PROBLEMS_SHOWN else ''
        raise DraftFailed(f"The model's draft does not fit the form: {shown}{more}. Try again.") from None


def _problem(problem: Any) -> str:
    where = '.'.join(str(part) for part in problem.get('loc', ())) or 'the draft'
    return f'{where}: {problem.get("msg", "invalid")}'


def _unfenced(answer: str) -> str:
    """The JSON without a Markdown code fence around it (some models add one even in JSON mode)."""
    text = answer.strip()
    if text.startswith('```'):
        text = text.split('\n', 1)[1] if '\n' in text else ''
        text = text.rsplit('```', 1)[0]
    return text
