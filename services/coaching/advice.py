"""What the rule-based coach tells the rep to say instead, and to do next time, for each reading that needs work.

One place for these words, so that a key moment's "say instead" and the recommendation it goes with agree.
"""

from services.coaching.objections import Handling, Kind

SAY_INSTEAD_OBJECTION: dict[Kind, str] = {
    'price': "That's fair to raise. Compared to what you spend on this today, what would it need to save you for "
    'the price to make sense?',
    'timing': "Understood. What's driving the timing, and what would have to happen for this to move up the list?",
    'authority': 'Makes sense. What will they want to see, and could we get 20 minutes with them this week?',
    'status_quo': 'Good to hear it mostly works. Where does it fall short for you today?',
    'doubt': 'That is a fair concern. What went wrong last time, so I can show you exactly how this would differ?',
    'priority': 'Fair enough. What is at the top of your list this year, and does any of it touch this?',
    'brush_off': 'Happy to. So I send something useful: what would you want it to answer?',
    'persona': 'I hear you. Can I ask what is behind that, so I answer the right question?',
}
HANDLING_PROBLEM: dict[Handling, str] = {
    'explored': 'You asked what was behind it before answering.',
    'answered': 'You answered it without asking what was behind it.',
    'ignored': 'You moved on without addressing it.',
    'argued': 'You argued with it; a prospect who is contradicted digs in.',
    'discounted': 'You dropped the price at once, which tells the buyer the price was never real.',
}
RECOMMEND_OBJECTION = (
    'Meet an objection in three steps: acknowledge it ("that\'s fair"), ask what is behind it, then answer with proof '
    'that fits what they told you.'
)
SAY_INSTEAD_NO_ASK = (
    'Based on what you said about the delays, would a 30-minute demo with your team on Tuesday at ten make sense?'
)
SAY_INSTEAD_VAGUE = (
    'Happy to send it. So it is useful, can we take 20 minutes on Thursday at two to go through it together?'
)
SAY_INSTEAD_DECLINED = (
    'Before I suggest anything: what would need to be true for this to be worth an hour of your time?'
)
SAY_INSTEAD_UNDATED = 'Great. Does Tuesday at ten or Wednesday at two work better, and who else should join?'
SAY_INSTEAD_PRESSURE = 'Would it make sense to find 20 minutes next week? If not, tell me and I will leave it there.'
SAY_INSTEAD_NO = 'Fair enough. Before I let you go: is it the timing, or is this just not a problem for you?'
SAY_INSTEAD_TALK_OVER = 'Let them finish, pause, then: "Sorry, go on. You were saying?"'
SAY_INSTEAD_PITCH_FIRST = 'Before I tell you about us: how do you handle this today, and what would you change?'
SAY_INSTEAD_MONOLOGUE = 'Stop after two sentences and check in: "How does that compare to what you do today?"'
SAY_INSTEAD_SMALL_TALK = 'Thanks for making the time. The reason I called: how are you handling this today?'
SAY_INSTEAD_CLOSED = 'Ask it open: "How does your team handle that today, and what gets in the way?"'
SAY_INSTEAD_DISCOUNT = (
    'Before we talk price: what would it need to save you, and compared to what, for this to be worth it?'
)
