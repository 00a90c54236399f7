"""Counting a vote under the committee's rules of procedure. Pure: no database, no clock.

Definitions (docs/committee.md):
- base: members entitled to vote (appointed, not dismissed) who are not recused;
- quorum: at least ``quorum_percent`` % of the base took part (voted for, against or abstained), and, when the
  rules say so, the chair among them (unless the chair is recused);
- simple majority: more votes for than against (abstentions ignored, or counted against if the rules say so);
- absolute majority: more votes for than all other votes cast (for > half of those who voted);
- qualified majority: for ≥ numerator/denominator of the votes cast (e.g. 2/3);
- tie under a simple majority: the chair's vote decides when the rules give a casting vote; otherwise not adopted;
- parity (when the rules set ``parity_max_percent``): no category of members (who they represent) holds more than
  that share of the votes counted (for, against, abstained); a vote that breaks it is not adopted.
"""

from dataclasses import asdict, dataclass
from math import ceil
from typing import Any

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"


@dataclass(frozen=True)
class Rules:
    quorum_percent: int = 50
    quorum_requires_chair: bool = True
    majority: str = "simple"          # simple | absolute | qualified
    qualified_numerator: int = 2
    qualified_denominator: int = 3
    abstention_counts_against: bool = False
    chair_casting_vote: bool = True
    parity_max_percent: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TallyResult:
    votes_for: int
    votes_against: int
    abstentions: int
    not_voted: int
    recused: int
    base: int
    quorum_required: int
    quorum_met: bool
    adopted: bool
    tie_broken_by_chair: bool
    reason: str
    parity_max_percent: int | None = None
    parity_shares: dict | None = None      # {category: votes counted} when the rules set parity
    parity_met: bool = True

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.parity_max_percent is None:   # results stored before parity existed recount to the same dict
            for key in ("parity_max_percent", "parity_shares", "parity_met"):
                data.pop(key)
        return data


def parity_check(limit: int | None, categories: dict[int, str], counted: set[int]) -> tuple[dict, bool]:
    """The votes counted per category and whether none holds more than ``limit`` % of them (met when no limit
    is set or nobody voted)."""
    shares: dict[str, int] = {}
    for member in counted:
        category = categories.get(member, "")
        shares[category] = shares.get(category, 0) + 1
    total = len(counted)
    met = limit is None or total == 0 or all(n * 100 <= total * limit for n in shares.values())
    return dict(sorted(shares.items())), met


def tally(rules: Rules, *, members: set[int], chair: int | None, recused: set[int],
          votes: dict[int, str], categories: dict[int, str] | None = None) -> TallyResult:
    """Count ``votes`` ({member id: choice}) of ``members`` under ``rules``. Votes of non-members or recused
    members are ignored (the services never record them; this keeps the count honest if data is edited).
    ``categories`` ({member id: category}) is needed when the rules set parity."""
    base = members - recused
    counted = {m: c for m, c in votes.items() if m in base}
    votes_for = sum(1 for c in counted.values() if c == FOR)
    against = sum(1 for c in counted.values() if c == AGAINST)
    abstain = sum(1 for c in counted.values() if c == ABSTAIN)
    cast = votes_for + against + abstain
    required = ceil(len(base) * rules.quorum_percent / 100)
    chair_needed = rules.quorum_requires_chair and chair is not None and chair in base
    quorum = cast >= required and cast > 0 and (not chair_needed or chair in counted)

    common: dict[str, Any] = dict(votes_for=votes_for, votes_against=against, abstentions=abstain,
                                  not_voted=len(base) - cast, recused=len(members & recused), base=len(base),
                                  quorum_required=required, quorum_met=quorum)
    if rules.parity_max_percent is not None:
        shares, parity = parity_check(rules.parity_max_percent, categories or {}, set(counted))
        common.update(parity_max_percent=rules.parity_max_percent, parity_shares=shares, parity_met=parity)
        if quorum and not parity:
            return TallyResult(**common, adopted=False, tie_broken_by_chair=False, reason="parity")
    if not quorum:
        return TallyResult(**common, adopted=False, tie_broken_by_chair=False, reason="no_quorum")
    if rules.majority == "absolute":
        adopted = votes_for * 2 > cast
        return TallyResult(**common, adopted=adopted, tie_broken_by_chair=False,
                           reason="absolute_majority" if adopted else "no_absolute_majority")
    if rules.majority == "qualified":
        adopted = votes_for * rules.qualified_denominator >= cast * rules.qualified_numerator
        return TallyResult(**common, adopted=adopted, tie_broken_by_chair=False,
                           reason="qualified_majority" if adopted else "no_qualified_majority")
    opposed = against + (abstain if rules.abstention_counts_against else 0)
    if votes_for != opposed:
        adopted = votes_for > opposed
        return TallyResult(**common, adopted=adopted, tie_broken_by_chair=False,
                           reason="simple_majority" if adopted else "rejected")
    chair_vote = counted.get(chair) if chair is not None else None
    if rules.chair_casting_vote and chair_vote in (FOR, AGAINST):
        return TallyResult(**common, adopted=chair_vote == FOR, tie_broken_by_chair=True, reason="tie_chair")
    return TallyResult(**common, adopted=False, tie_broken_by_chair=False, reason="tie")


def quorum_reachable(rules: Rules, *, members: set[int], chair: int | None, recused: set[int],
                     votes: dict[int, str], able: set[int] | None = None) -> bool:
    """Could quorum still be met if everybody who may still vote (``able``; by default everybody who has not
    voted yet) did?"""
    base = members - recused
    possible = {m: votes.get(m, FOR) for m in base if m in votes or able is None or m in able}
    return tally(rules, members=members, chair=chair, recused=recused, votes=possible).quorum_met
