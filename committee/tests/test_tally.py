import pytest

from committee.tally import ABSTAIN, AGAINST, FOR, Rules, quorum_reachable, tally

MEMBERS = set(range(1, 11))  # ten members, 1 is the chair
CHAIR = 1


def votes(f=0, a=0, ab=0, start=1):
    result, m = {}, start
    for choice, n in ((FOR, f), (AGAINST, a), (ABSTAIN, ab)):
        for _ in range(n):
            result[m] = choice
            m += 1
    return result


DEFAULT = Rules()


def run(rules=DEFAULT, recused=frozenset(), **kw):
    return tally(rules, members=MEMBERS, chair=CHAIR, recused=set(recused), votes=votes(**kw))


def test_quorum_is_half_of_the_members_including_the_chair():
    assert run(f=5).quorum_met
    assert not run(f=4).quorum_met
    assert run(f=4).reason == "no_quorum"
    no_chair = {m: FOR for m in range(2, 8)}
    result = tally(Rules(), members=MEMBERS, chair=CHAIR, recused=set(), votes=no_chair)
    assert not result.quorum_met  # six voted but the chair did not
    assert tally(Rules(quorum_requires_chair=False), members=MEMBERS, chair=CHAIR, recused=set(),
                 votes=no_chair).quorum_met


def test_recused_members_leave_the_quorum_base():
    result = run(f=4, recused={8, 9})
    assert result.base == 8
    assert result.quorum_required == 4
    assert result.quorum_met
    assert result.recused == 2


def test_recused_chair_is_not_required_for_quorum():
    result = tally(Rules(), members=MEMBERS, chair=CHAIR, recused={CHAIR}, votes={m: FOR for m in range(2, 7)})
    assert result.quorum_met
    assert result.adopted


def test_votes_of_recused_or_non_members_are_not_counted():
    result = tally(Rules(), members=MEMBERS, chair=CHAIR, recused={5},
                   votes={**votes(f=4), 5: FOR, 99: FOR, 6: FOR})
    assert result.votes_for == 5
    assert result.base == 9


@pytest.mark.parametrize(("kw", "adopted", "reason"), [
    ({"f": 4, "a": 2}, True, "simple_majority"), ({"f": 2, "a": 4}, False, "rejected"),
    ({"f": 3, "a": 2, "ab": 3}, True, "simple_majority"),
])
def test_simple_majority_ignores_abstentions(kw, adopted, reason):
    result = run(**kw)
    assert (result.adopted, result.reason) == (adopted, reason)


def test_abstentions_can_count_against():
    assert not run(Rules(abstention_counts_against=True), f=3, a=2, ab=3).adopted


@pytest.mark.parametrize(("kw", "adopted"), [({"f": 4, "a": 2, "ab": 2}, False), ({"f": 5, "a": 2, "ab": 2}, True),
                                            ({"f": 4, "a": 4}, False)])
def test_absolute_majority(kw, adopted):
    assert run(Rules(majority="absolute"), **kw).adopted is adopted


@pytest.mark.parametrize(("kw", "adopted"), [({"f": 6, "a": 3}, True), ({"f": 5, "a": 3}, False),
                                            ({"f": 4, "a": 2}, True)])
def test_qualified_two_thirds(kw, adopted):
    assert run(Rules(majority="qualified"), **kw).adopted is adopted


def test_tie_is_decided_by_the_chair_or_rejected():
    result = run(f=3, a=3)  # the chair (member 1) voted for
    assert result.adopted
    assert result.tie_broken_by_chair
    against_chair = tally(Rules(), members=MEMBERS, chair=CHAIR, recused=set(),
                          votes={1: AGAINST, 2: AGAINST, 3: FOR, 4: FOR, 5: ABSTAIN, 6: ABSTAIN})
    assert not against_chair.adopted
    assert against_chair.tie_broken_by_chair
    assert not run(Rules(chair_casting_vote=False), f=3, a=3).adopted
    abstaining_chair = tally(Rules(), members=MEMBERS, chair=CHAIR, recused=set(),
                             votes={1: ABSTAIN, 2: FOR, 3: FOR, 4: AGAINST, 5: AGAINST})
    assert abstaining_chair.reason == "tie"
    assert not abstaining_chair.adopted


def test_quorum_reachable():
    assert quorum_reachable(Rules(), members=MEMBERS, chair=CHAIR, recused=set(), votes={})
    assert not quorum_reachable(Rules(), members=MEMBERS, chair=CHAIR, recused=set(MEMBERS), votes={})
