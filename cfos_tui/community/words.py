"""Plain words for the plan's choices, shared by the community files and the page, so
that the governance document and the newcomer's page describe a decision the same way."""

from __future__ import annotations

DECISION_MODELS = {
    "do-ocracy": "Those who do the work decide how it is done, in the open; anyone may ask "
    "for another course when the work is reviewed.",
    "lazy-consensus": "Decisions are taken by lazy consensus: a proposal is made in public "
    "and goes ahead when nobody objects within the time it gives. Saying nothing counts as "
    "agreeing, so raise an objection before that time runs out.",
    "consent": "Decisions are taken by consent: a proposal goes ahead unless someone has a "
    "reasoned objection, and each objection is worked through until none is left. A "
    "proposal need not be everyone's favourite, but nobody is left with a serious concern.",
    "voting": "Decisions are taken by a vote, under the voting rules below.",
    "steering-council": "A steering council decides what the people doing the work cannot "
    "settle among themselves.",
    "bdfl": "One person has the final word when the people doing the work cannot agree.",
}
"""The decision model as a sentence a newcomer can follow."""

CADENCE = {"weekly": "every week", "biweekly": "every other week", "monthly": "every month"}
"""How often, for the meeting cadence."""
