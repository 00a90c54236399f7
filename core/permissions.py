import rules

from accounts.permissions import is_rops_admin, is_staff_member


@rules.predicate
def is_job_requester(user, job) -> bool:
    return job is not None and job.requested_by_id == user.pk


rules.add_perm("core.view_job", is_job_requester | is_staff_member)
rules.add_perm("core.retry_job", is_job_requester | is_staff_member)

# The accessibility statement is the ROPS administrator's (it names the office's contact and its building).
rules.add_perm("core.edit_accessibility_statement", is_rops_admin)
