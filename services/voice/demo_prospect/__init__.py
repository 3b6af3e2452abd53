"""The demo engine's prospect: a scripted buyer that listens, remembers and answers in the rep's scenario.

`DemoProspect` holds one call's state; `reading` reads the rep's turn with the coach's rules, `scenario` reads what
the rep sells and to whom, `scripts` holds each persona's facts, objections and lines. No language model is used.
"""

from services.voice.demo_prospect.prospect import DemoProspect

# What a rep is told wherever they meet the demo prospect, so nobody takes it for a model's judgement.
SCRIPTED_NOTE = 'A scripted prospect: it answers from rules and a script, without a language model.'

__all__ = ['SCRIPTED_NOTE', 'DemoProspect']
