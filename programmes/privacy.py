"""Consultation commenters in the register of processing activities (core.privacy)."""

from django.utils.translation import gettext_lazy as _

from core.privacy import ProcessingActivity, register_activity

# No exporter or anonymiser: a comment keeps no e-mail (the name is optional), so nothing can be matched to a
# person by e-mail; a request naming a comment is handled by staff on the comments page.
register_activity(ProcessingActivity(
    key="programmes.commenters", name=_("People who comment in the programme's public consultation"),
    purpose=_("Conducting the public consultation of the regional programme and publishing its report (art. 6 "
              "of the act on development policy)."),
    legal_basis=_("Art. 6(1)(c) and (e) GDPR: the act on development policy."),
    data_subjects=_("People and organisations that send comments."),
    categories=_("Name or organisation (optional), the comment."),
    recipients=_("ROPS staff; the name and the comment appear in the published consultation report."),
    retention=_("For the archival period of the programme's records (JRWA category A)."),
))
