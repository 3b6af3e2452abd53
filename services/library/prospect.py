"""A prospect (persona) as a team describes it: who they are, how they behave, what they hide and what earns a
next step. Every engine's prompt and the demo prospect's behaviour come from these fields.

The three knobs are 1-5 levels so that the demo prospect and the prompt can both act on them:
- `openness`: how readily they share information (1 guarded, answers only what is asked well; 5 volunteers).
- `pushback`: how quickly they push back (1 rarely objects; 5 objects at the first claim).
- `trust_needed`: how much trust a next step needs (1 agrees to a next step easily; 5 only after their objections
  are handled and the ask is specific).
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from services.text import storable_problem

Difficulty = Literal['easy', 'medium', 'hard']
Level = Annotated[int, Field(ge=1, le=5)]
VoiceStyle = Literal['warm', 'neutral', 'crisp', 'deep', 'bright']

MAX_ITEMS = 20  # objections, pains, hidden needs


def _storable(value: str) -> str:
    if (problem := storable_problem(value)) is not None:
        raise ValueError(problem)
    return value


# Text trimmed of surrounding spaces, within its lengths, that every database can store.
STORABLE = AfterValidator(_storable)
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), STORABLE]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), STORABLE]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2_000), STORABLE]
Item = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), STORABLE]


class Model(BaseModel):
    """Unknown fields are refused, so that a typo in an import or a PATCH is an error, not silently dropped."""

    model_config = ConfigDict(extra='forbid', frozen=True)


class Behaviour(Model):
    openness: Level = 3
    pushback: Level = 3
    trust_needed: Level = 3


class DecisionProcess(Model):
    authority: ShortText = Field(default='', description='what this person may decide alone')
    others: ShortText = Field(default='', description='who else decides or weighs in')
    budget: ShortText = ''
    timeline: ShortText = ''


class VoiceChoice(Model):
    """A style that each engine maps to one of its voices, and optionally a voice name per engine (the name wins)."""

    style: VoiceStyle = 'neutral'
    per_engine: dict[Annotated[str, StringConstraints(max_length=32)], ShortText] = Field(
        default_factory=dict, max_length=8
    )


class ProspectProfile(Model):
    name: Name
    job_title: Name
    company: ShortText = ''
    industry: ShortText = ''
    company_size: ShortText = ''
    summary: LongText = Field(default='', description='one or two sentences shown in the library')
    personality: LongText = ''
    speaking_style: LongText = ''
    difficulty: Difficulty = 'medium'
    behaviour: Behaviour = Behaviour()
    pains: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS, description='revealed only when asked well')
    hidden_needs: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    objections: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    decision: DecisionProcess = DecisionProcess()
    next_step: LongText = Field(default='', description='what earns a next step, and which next step')
    opening_line: ShortText = ''
    voice: VoiceChoice = VoiceChoice()

    @property
    def first_name(self) -> str:
        return self.name.split()[0]
