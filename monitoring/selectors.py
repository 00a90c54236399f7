from collections import Counter
from dataclasses import dataclass

from django.http import Http404

from .models import Campaign, Respondent, Response


@dataclass(frozen=True)
class CompletionRow:
    label: str
    asked: int
    submitted: int
    drafts: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.asked) if self.asked else 0


def campaign_completion(*, campaign: Campaign) -> dict[str, list[CompletionRow]]:
    """Completion per respondent type and per powiat (one query)."""
    rows = campaign.respondents.values_list("questionnaire__respondent_type", "response__status", "entity__seat_id")
    by_type: dict[str, Counter] = {}
    by_powiat: dict[str, Counter] = {}
    for row in rows:
        kind, status = row[0], row[1]
        powiat = (row[2] or "")[:4]
        for bucket, key in ((by_type, kind), (by_powiat, powiat or "—")):
            counter = bucket.setdefault(key, Counter())
            counter["asked"] += 1
            counter[status or "none"] += 1
    from .models import RespondentType

    def to_rows(bucket, label):
        return [CompletionRow(label(k), c["asked"], c[Response.Status.SUBMITTED], c[Response.Status.DRAFT])
                for k, c in sorted(bucket.items())]

    return {"by_type": to_rows(by_type, lambda k: str(RespondentType(k).label)),
            "by_powiat": to_rows(by_powiat, lambda k: k)}


def missing_respondents(*, campaign: Campaign):
    return campaign.respondents.exclude(response__status=Response.Status.SUBMITTED).select_related(
        "entity", "questionnaire").order_by("questionnaire__respondent_type", "entity__name")


def respondents_for_user(*, user):
    """Open questionnaires a PES representative answers for their entities."""
    return Respondent.objects.filter(campaign__status=Campaign.Status.OPEN,
                                     entity__representations__user=user).select_related(
        "campaign", "questionnaire", "entity", "response").distinct()


def respondent_get_for_user(*, user, pk) -> Respondent:
    respondent = Respondent.objects.select_related("campaign", "questionnaire", "entity").filter(pk=pk).first()
    if respondent is None or not user.has_perm("monitoring.answer_respondent", respondent):
        raise Http404
    return respondent


def respondent_by_token(*, token: str) -> Respondent:
    respondent = Respondent.objects.select_related("campaign", "questionnaire", "entity").filter(
        token=token).first()
    if respondent is None or len(token) < 32:
        raise Http404
    return respondent
